package dev.tta.workflow.examples.agent;

import java.io.IOException;

/** The answer could not be delivered to the customer's channel. */
public final class DeliveryException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message why
     */
    public DeliveryException(String message) {
        super(message);
    }
}
