package dev.tta.workflow.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where telemetry failures go: a throwing span processor, a broken exporter, a misbehaving MDC adapter or logging
 * backend. They are caught at the point of failure and reported here, never thrown into the user's workflow. The
 * first failure is logged with its stack trace; after that at most one line a minute, with the number of failures
 * swallowed since.
 *
 * <p>The rule every guard follows: catch {@link Throwable} and hand it to {@link #report}, which rethrows a
 * {@link VirtualMachineError} (the JVM is failing, not telemetry) and swallows everything else, an
 * {@link AssertionError} from a span processor included.
 */
public final class TelemetryErrors {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tta.workflow.telemetry");

    private static final AtomicLong TOTAL = new AtomicLong();
    private static final AtomicLong SUPPRESSED = new AtomicLong();
    private static final LogThrottle THROTTLE = new LogThrottle();

    private TelemetryErrors() {
    }

    /**
     * Records a telemetry failure.
     *
     * @param where what was being done, for the log line
     * @param failure what was thrown
     * @throws VirtualMachineError if {@code failure} is one: it is rethrown, not reported
     */
    public static void report(String where, Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        long count = TOTAL.incrementAndGet();
        if (!THROTTLE.permits()) {
            SUPPRESSED.incrementAndGet();
            return;
        }
        try {
            long suppressed = SUPPRESSED.getAndSet(0);
            if (count == 1) {
                LOG.warn("Telemetry failed while {}; the workflow is unaffected. Further telemetry failures are "
                        + "logged at most once a minute.", where, failure);
            } else {
                LOG.warn("Telemetry failed while {}: {}; the workflow is unaffected ({} more telemetry failures "
                        + "since the last report).", where, failure.toString(), suppressed);
            }
        } catch (Throwable loggingFailed) {
            if (loggingFailed instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            // Nowhere left to report to; the workflow must still run.
        }
    }

    /**
     * The number of telemetry failures since the JVM started.
     *
     * @return the count
     */
    public static long count() {
        return TOTAL.get();
    }
}
