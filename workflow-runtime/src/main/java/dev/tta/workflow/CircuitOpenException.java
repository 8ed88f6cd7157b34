package dev.tta.workflow;

import java.time.Duration;

/**
 * Thrown by a {@link CircuitBreaker} that rejects a call without running its step: the circuit is open, or it is
 * half-open and all its trial calls are in flight. The message names the breaker, what opened it (the failure rate
 * over its window, or a failed trial call) and how long until it lets a trial call through; the failure that opened
 * the circuit is the {@linkplain #getCause() cause}.
 */
public final class CircuitOpenException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The breaker's name. */
    private final String primitiveName;
    /** Time left until the breaker turns half-open; zero when it is half-open already. */
    private final Duration timeUntilHalfOpen;

    CircuitOpenException(String primitiveName, Duration timeUntilHalfOpen, int halfOpenCalls, String openedBecause,
            Throwable openedBy) {
        super(message(primitiveName, timeUntilHalfOpen, halfOpenCalls, openedBecause), openedBy);
        this.primitiveName = primitiveName;
        this.timeUntilHalfOpen = timeUntilHalfOpen;
    }

    private static String message(String primitiveName, Duration timeUntilHalfOpen, int halfOpenCalls,
            String openedBecause) {
        String why = openedBecause == null ? "" : " (opened because " + openedBecause + ")";
        if (timeUntilHalfOpen.isZero()) {
            return "circuit breaker '" + primitiveName + "' is half-open and its " + halfOpenCalls
                    + (halfOpenCalls == 1 ? " trial call is" : " trial calls are")
                    + " in flight; calls are rejected until they complete" + why;
        }
        return "circuit breaker '" + primitiveName + "' is open" + why + "; it turns half-open in "
                + WorkflowTimeoutException.format(timeUntilHalfOpen);
    }

    /**
     * The name of the circuit breaker that rejected the call.
     *
     * @return the name in spans and metrics
     */
    public String primitiveName() {
        return primitiveName;
    }

    /**
     * How long until the breaker admits a trial call: the rest of its open duration, or zero when it was half-open
     * with every trial call in flight.
     *
     * @return the time; never negative
     */
    public Duration timeUntilHalfOpen() {
        return timeUntilHalfOpen;
    }
}
