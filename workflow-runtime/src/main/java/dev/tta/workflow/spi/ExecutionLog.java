package dev.tta.workflow.spi;

import dev.tta.workflow.internal.TelemetryErrors;
import dev.tta.workflow.telemetry.TelemetryNames;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Observer: the {@code primitive.started} and {@code primitive.completed} debug events, and {@code primitive.failed}
 * (WARN for a step, DEBUG for a composite, which only fails because a child did and that child logged it), with the
 * run's ids in the MDC. No string is built when the level is off; inputs and outputs are never logged.
 */
final class ExecutionLog {

    private ExecutionLog() {
    }

    static void started(Invocation execution) {
        try {
            Logger logger = execution.telemetry.logger();
            if (logger.isDebugEnabled()) {
                logger.atDebug()
                        .addKeyValue("primitive", execution.name())
                        .addKeyValue("type", execution.type())
                        .log(TelemetryNames.EVENT_STARTED);
            }
        } catch (Throwable failure) {
            TelemetryErrors.report("logging the start of '" + execution.name() + "'", failure);
        }
    }

    static void ended(Invocation execution, long nanos) {
        try {
            Logger logger = execution.telemetry.logger();
            Throwable failure = execution.failure;
            if (failure == null) {
                if (logger.isDebugEnabled()) {
                    logger.atDebug()
                            .addKeyValue("primitive", execution.name())
                            .addKeyValue("duration_ms", nanos / 1_000_000.0)
                            .addKeyValue("outcome", TelemetryNames.OUTCOME_SUCCESS)
                            .log(TelemetryNames.EVENT_COMPLETED);
                }
                return;
            }
            Level level = execution.telemetry.warnOnFailure() ? Level.WARN : Level.DEBUG;
            if (logger.isEnabledForLevel(level)) {
                logger.atLevel(level)
                        .addKeyValue("primitive", execution.name())
                        .addKeyValue("duration_ms", nanos / 1_000_000.0)
                        .addKeyValue("outcome", TelemetryNames.OUTCOME_FAILURE)
                        .addKeyValue("error.type", failure.getClass().getName())
                        .addKeyValue("error.message", failure.getMessage())
                        .log(TelemetryNames.EVENT_FAILED);
            }
        } catch (Throwable failure) {
            TelemetryErrors.report("logging the end of '" + execution.name() + "'", failure);
        }
    }
}
