package dev.tta.workflow.replay;

/**
 * What a substituted execution throws when its recorded outcome cannot stand in for it: an output that was not
 * recorded in full, or does not read back as the step's declared type, or a step the recording gave up on before it
 * ended. The replay then fails here rather than call the outside world.
 */
public final class ReplayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ReplayException(String message) {
        super(message);
    }

    ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
