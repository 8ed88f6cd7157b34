package dev.tta.workflow.replay;

import java.util.Objects;

/**
 * A place where a replayed run differed from the recorded one.
 *
 * @param kind what differed
 * @param path the execution's path
 * @param recorded the recorded value (JSON text, an outcome, a decision), or null where there was none
 * @param live the replay's value, or null where there was none
 */
public record Divergence(Kind kind, String path, String recorded, String live) {

    /** What differed. */
    public enum Kind {
        /** The execution was called with another input. */
        INPUT,
        /** The execution ran and returned or threw something else. */
        OUTCOME,
        /** The execution decided otherwise (a route, a retry, a cache result...). */
        DECISION,
        /** The replay ran an execution where the recording had none. */
        UNEXPECTED,
        /** The recording had an execution the replay never reached. */
        MISSING
    }

    /**
     * Checks the values.
     *
     * @param kind see {@link #kind()}
     * @param path see {@link #path()}
     * @param recorded see {@link #recorded()}
     * @param live see {@link #live()}
     * @throws NullPointerException if the kind or path is null
     */
    public Divergence {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(path, "path must not be null");
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case INPUT -> "was called with another input";
            case OUTCOME -> "ended otherwise";
            case DECISION -> "decided otherwise";
            case UNEXPECTED -> "ran, but the recording has no execution there";
            case MISSING -> "was recorded, but the replay never reached it";
        };
        return path + " " + what + "\n  recorded: " + (recorded == null ? "-" : recorded) + "\n  replayed: "
                + (live == null ? "-" : live);
    }
}
