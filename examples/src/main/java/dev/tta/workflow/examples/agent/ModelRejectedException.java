package dev.tta.workflow.examples.agent;

import java.io.IOException;

/** The model provider refused the prompt (HTTP 400, content filter): retrying the same prompt is pointless. */
public final class ModelRejectedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the provider's message
     */
    public ModelRejectedException(String message) {
        super(message);
    }
}
