package dev.tta.workflow;

import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.internal.TelemetryErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run-time half of the silent-trap check (the processor warns at compile time where it sees the {@code new}): a
 * step class carrying {@code @Observed}, constructed itself rather than through its generated subclass, is logged
 * once, at WARN. One {@link ClassValue} lookup per construction.
 */
final class Uninstrumented {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tta.workflow.telemetry");

    private static final ClassValue<Boolean> CHECKED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (type.isAnnotationPresent(Observed.class)) {
                warn(type);
            }
            return Boolean.TRUE;
        }
    };

    private Uninstrumented() {
    }

    static void check(Class<?> type) {
        CHECKED.get(type);
    }

    private static void warn(Class<?> type) {
        try {
            String nested = type.getName().substring(type.getPackageName().isEmpty() ? 0
                    : type.getPackageName().length() + 1).replace('$', '_');
            String generated = (type.getPackageName().isEmpty() ? "" : type.getPackageName() + ".")
                    + "Instrumented" + nested;
            LOG.warn("{} is @Observed but was constructed directly, so it runs without spans, metrics or logs: "
                    + "construct {} instead.", type.getName(), generated);
        } catch (Throwable loggingFailed) {
            TelemetryErrors.report("warning of an uninstrumented step", loggingFailed);
        }
    }
}
