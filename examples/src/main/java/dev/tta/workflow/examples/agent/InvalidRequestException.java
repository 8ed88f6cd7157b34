package dev.tta.workflow.examples.agent;

/** The request cannot be answered as sent; retrying it would fail the same way. */
public final class InvalidRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the request
     */
    public InvalidRequestException(String message) {
        super(message);
    }
}
