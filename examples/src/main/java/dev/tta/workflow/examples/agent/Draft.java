package dev.tta.workflow.examples.agent;

/**
 * The answer the agent intends to send.
 *
 * @param request the request it answers
 * @param text the answer
 * @param model the model that wrote it, or {@code canned} for the fallback template
 */
public record Draft(SupportRequest request, String text, String model) {

    /** The {@link #model()} of a templated answer written without a model. */
    public static final String CANNED = "canned";

    /**
     * Whether this is the fallback template rather than a model's answer.
     *
     * @return true for the template
     */
    public boolean degraded() {
        return CANNED.equals(model);
    }
}
