package dev.tta.workflow.sampling;

import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.telemetry.LatencySnapshot;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What "slower than usual" means for a primitive: its recent 99th percentile. The tail processor keeps a run whose
 * local root took longer than the recent p99 of the root's primitive.
 */
@FunctionalInterface
public interface LatencyBaseline {

    /** How many executions the recent window must hold before its p99 is trusted (default baseline). */
    long MIN_SAMPLES = 100;

    /**
     * The recent 99th percentile of a primitive's durations.
     *
     * @param primitiveName the {@code workflow.primitive.name} of the local root
     * @return nanoseconds, or a negative number when unknown (too few executions, no such primitive)
     */
    long recentP99Nanos(String primitiveName);

    /**
     * The runtime's own percentiles, {@link WorkflowTelemetry#recentLatency(String)} (HdrHistogram over the recent
     * window, which counts every execution whether sampled or not), with at least {@value #MIN_SAMPLES} executions,
     * read at most once a second per primitive.
     *
     * @return the baseline
     */
    static LatencyBaseline runtime() {
        return new RuntimeBaseline();
    }

    /** Caches each primitive's p99 for a second: reading the window merges its interval histograms. */
    final class RuntimeBaseline implements LatencyBaseline {
        private static final long REFRESH_NANOS = 1_000_000_000L;
        private static final int MAX_NAMES = 1_000;

        private record Cached(long p99Nanos, long expiresNanos) {
        }

        private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

        private RuntimeBaseline() {
        }

        @Override
        public long recentP99Nanos(String primitiveName) {
            long now = System.nanoTime();
            Cached cached = cache.get(primitiveName);
            if (cached != null && now - cached.expiresNanos() < 0) {
                return cached.p99Nanos();
            }
            long p99;
            try {
                LatencySnapshot recent = WorkflowTelemetry.recentLatency(primitiveName);
                p99 = recent.count() >= MIN_SAMPLES ? recent.p99().toNanos() : -1;
            } catch (IllegalArgumentException unknown) {
                p99 = -1;
            }
            if (cache.size() >= MAX_NAMES) {
                cache.clear();
            }
            cache.put(primitiveName, new Cached(p99, now + REFRESH_NANOS));
            return p99;
        }
    }
}
