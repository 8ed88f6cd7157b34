package dev.tta.workflow.spi;

import dev.tta.workflow.internal.TelemetryErrors;

/** Observer: the in-flight count and peak concurrency of each primitive name (read by the gauges and the report). */
final class InFlight {

    private InFlight() {
    }

    static void started(Invocation execution) {
        try {
            execution.stats.started();
        } catch (Throwable failure) {
            TelemetryErrors.report("counting the start of '" + execution.name() + "'", failure);
        }
    }

    static void ended(Invocation execution) {
        try {
            execution.stats.finished();
        } catch (Throwable failure) {
            TelemetryErrors.report("counting the end of '" + execution.name() + "'", failure);
        }
    }
}
