package dev.tta.workflow.examples.agent;

/**
 * A customer's question to the support agent, as it arrives from a chat widget or an e-mail gateway.
 *
 * @param id the request id; the workflow's correlation id
 * @param customerId the customer who asked
 * @param channel where the answer goes back: {@code chat} or {@code email}
 * @param message the question
 */
public record SupportRequest(String id, String customerId, String channel, String message) {
}
