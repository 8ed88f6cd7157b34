package dev.tta.workflow.replay;

/**
 * A recorded failure whose class could not be made again (not on the class path, or without a public constructor
 * taking a message): thrown in its place by a substituted execution, with the recorded class name and message. A
 * replay's journal records it under the original class, so that trees still compare equal.
 */
public final class ReplayedFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;
    /** The class name the journal recorded. */
    private final String recordedType;

    ReplayedFailure(String recordedType, String message) {
        super(message);
        this.recordedType = recordedType;
    }

    /**
     * The class name the journal recorded.
     *
     * @return the class name the journal recorded
     */
    public String recordedType() {
        return recordedType;
    }

    @Override
    public String toString() {
        String message = getMessage();
        return recordedType + (message == null ? "" : ": " + message) + " (replayed)";
    }
}
