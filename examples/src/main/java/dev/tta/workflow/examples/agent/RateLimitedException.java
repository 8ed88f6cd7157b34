package dev.tta.workflow.examples.agent;

import java.io.IOException;

/** The model provider answered HTTP 429: worth retrying after a pause. */
public final class RateLimitedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the provider's message
     */
    public RateLimitedException(String message) {
        super(message);
    }
}
