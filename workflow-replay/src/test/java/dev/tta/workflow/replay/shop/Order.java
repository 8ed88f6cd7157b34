package dev.tta.workflow.replay.shop;

import java.util.List;
import java.util.Map;

/** An order of the test shop; the card's CVV and the customer's token must never reach a journal. */
public record Order(String id, String customer, int quantity, int amount, String cvv, String apiToken,
        List<String> items, Map<String, String> headers) {
}
