package dev.tta.workflow.spi;

import dev.tta.workflow.internal.TelemetryErrors;

/** Observer: each execution's latency in its primitive name's HdrHistogram recorders (lifetime and recent window). */
final class LatencyPercentiles {

    private LatencyPercentiles() {
    }

    static void ended(Invocation execution, long nanos) {
        try {
            execution.stats.recordLatency(nanos);
        } catch (Throwable failure) {
            TelemetryErrors.report("recording the latency of '" + execution.name() + "'", failure);
        }
    }
}
