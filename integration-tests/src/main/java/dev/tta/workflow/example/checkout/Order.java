package dev.tta.workflow.example.checkout;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * An order to check out.
 *
 * @param id the order id
 * @param customer the customer id
 * @param items the SKUs ordered
 * @param total the amount to charge
 */
public record Order(String id, String customer, List<String> items, BigDecimal total) {

    /** Validates and copies the fields. */
    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customer, "customer");
        items = List.copyOf(items);
        Objects.requireNonNull(total, "total");
    }
}
