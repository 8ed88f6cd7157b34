package dev.tta.workflow.example.checkout;

/**
 * What one checkout step confirmed.
 *
 * @param step the step that confirmed
 * @param reference its reference, e.g. a payment id
 */
public record Confirmation(String step, String reference) {
}
