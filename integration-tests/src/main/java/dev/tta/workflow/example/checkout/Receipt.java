package dev.tta.workflow.example.checkout;

import java.util.List;

/**
 * The result of a checkout.
 *
 * @param orderId the order
 * @param confirmations what each parallel step confirmed, in branch order
 */
public record Receipt(String orderId, List<Confirmation> confirmations) {

    /** Copies the list. */
    public Receipt {
        confirmations = List.copyOf(confirmations);
    }
}
