package dev.tta.workflow.examples.agent;

import java.util.List;

/**
 * The customer's recent orders.
 *
 * @param orders order summaries, newest first
 */
public record OrderHistory(List<String> orders) implements ToolOutput {

    /** Copies the list. */
    public OrderHistory {
        orders = List.copyOf(orders);
    }

    @Override
    public String promptText() {
        return orders.isEmpty() ? "No recent orders." : "Recent orders: " + String.join("; ", orders);
    }
}
