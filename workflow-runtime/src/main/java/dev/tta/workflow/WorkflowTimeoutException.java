package dev.tta.workflow;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Thrown by a {@link Timeout} whose step did not finish in time. The message names the timeout and its limit, and,
 * when an enclosing deadline left less time than the limit, how long the timeout actually waited.
 */
public final class WorkflowTimeoutException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    /** The timeout's name. */
    private final String primitiveName;
    /** The timeout's own limit. */
    private final Duration limit;

    private WorkflowTimeoutException(String message, String primitiveName, Duration limit) {
        super(message);
        this.primitiveName = primitiveName;
        this.limit = limit;
    }

    /** The step ran out of its own limit. */
    static WorkflowTimeoutException limitExpired(String primitiveName, Duration limit) {
        return new WorkflowTimeoutException("timeout '" + primitiveName + "' expired: the step did not finish within "
                + "its limit of " + format(limit), primitiveName, limit);
    }

    /** The step ran out of the time an enclosing deadline left, shorter than the limit. */
    static WorkflowTimeoutException deadlineExpired(String primitiveName, Duration limit, Duration waited) {
        return new WorkflowTimeoutException("timeout '" + primitiveName + "' expired after " + format(waited)
                + ": its limit is " + format(limit) + ", but an enclosing deadline left only " + format(waited),
                primitiveName, limit);
    }

    /** The enclosing deadline had passed before the step could start. */
    static WorkflowTimeoutException deadlinePassed(String primitiveName, Duration limit) {
        return new WorkflowTimeoutException("timeout '" + primitiveName + "' (limit " + format(limit)
                + ") expired before its step started: an enclosing deadline had already passed", primitiveName, limit);
    }

    /**
     * The name of the timeout primitive that expired.
     *
     * @return the name in spans and metrics
     */
    public String primitiveName() {
        return primitiveName;
    }

    /**
     * The timeout's configured limit (an enclosing deadline may have cut the actual wait shorter; the message says
     * so).
     *
     * @return the limit
     */
    public Duration limit() {
        return limit;
    }

    /** Milliseconds, with three decimals when the duration is not a whole number of them. */
    static String format(Duration duration) {
        long nanos = Backoff.saturatedNanos(duration);
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + " ms";
        }
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1_000_000.0);
    }
}
