package dev.tta.workflow.examples.agent;

/**
 * What the customer received.
 *
 * @param requestId the request answered
 * @param ticketId the ticket that records the answer
 * @param model the model that wrote it, or {@code canned}
 * @param text the answer
 */
public record AgentReply(String requestId, String ticketId, String model, String text) {
}
