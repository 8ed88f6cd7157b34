package dev.tta.workflow.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line a minute for a kind of event that can repeat on every call (a telemetry failure, a rejected
 * id): the first is let through, then one a minute. Lock-free; thread-safe.
 */
final class LogThrottle {

    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong nextNanos = new AtomicLong(System.nanoTime());

    /** Whether a line may be logged now; true for exactly one caller per minute. */
    boolean permits() {
        long now = System.nanoTime();
        long next = nextNanos.get();
        return now - next >= 0 && nextNanos.compareAndSet(next, now + INTERVAL_NANOS);
    }
}
