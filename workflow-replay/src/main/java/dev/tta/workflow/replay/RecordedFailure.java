package dev.tta.workflow.replay;

import java.util.Objects;

/**
 * A failure as a journal records it: the exception's class and message (never its stack, which may hold values).
 *
 * @param type the exception's class name
 * @param message its message, or null
 */
public record RecordedFailure(String type, String message) {

    /**
     * Checks the values.
     *
     * @param type see {@link #type()}
     * @param message see {@link #message()}
     * @throws NullPointerException if the type is null
     */
    public RecordedFailure {
        Objects.requireNonNull(type, "type must not be null");
    }

    /**
     * The failure of a throwable.
     *
     * @param failure what was thrown
     * @return its class and message
     */
    public static RecordedFailure of(Throwable failure) {
        if (failure instanceof ReplayedFailure replayed) {
            return new RecordedFailure(replayed.recordedType(), replayed.getMessage());
        }
        return new RecordedFailure(failure.getClass().getName(), failure.getMessage());
    }

    @Override
    public String toString() {
        return message == null ? type : type + ": " + message;
    }
}
