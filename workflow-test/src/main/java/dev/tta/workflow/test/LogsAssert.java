package dev.tta.workflow.test;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the log lines of a test: that they carry the run's trace id (so a log search finds them from the
 * trace), and which events were written.
 */
public final class LogsAssert extends AbstractAssert<LogsAssert, List<CapturedLog>> {

    LogsAssert(List<CapturedLog> actual) {
        super(actual, LogsAssert.class);
    }

    /**
     * At least one line was written inside a step, and every line written inside a step carries this trace id.
     *
     * @param traceId the run's trace id
     * @return this
     */
    public LogsAssert allCarryTraceId(String traceId) {
        isNotNull();
        List<CapturedLog> inSteps = actual.stream().filter(line -> line.traceId() != null)
                .collect(Collectors.toList());
        if (inSteps.isEmpty()) {
            failWithMessage("expected log lines carrying trace id %s, but no line was written inside a step%s",
                    traceId, LogCapture.available() ? " (is the logger dev.tta.workflow at DEBUG?)"
                            : " (log lines are captured with Logback as the SLF4J backend only)");
        }
        List<CapturedLog> others = inSteps.stream().filter(line -> !traceId.equals(line.traceId()))
                .collect(Collectors.toList());
        if (!others.isEmpty()) {
            failWithMessage("expected every log line to carry trace id %s, but these did not: %s", traceId, others);
        }
        return this;
    }

    /**
     * A line with this message was written for this primitive, e.g. {@code hasEvent("primitive.failed", "charge")}.
     *
     * @param message the message, e.g. {@code primitive.completed}
     * @param primitive the {@code primitive} key-value, or null for any
     * @return this
     */
    public LogsAssert hasEvent(String message, String primitive) {
        isNotNull();
        if (actual.stream().noneMatch(line -> line.message().equals(message)
                && (primitive == null || Objects.equals(primitive, line.primitive())))) {
            failWithMessage("expected a log line %s for '%s', found: %s", message, primitive, actual);
        }
        return this;
    }

    /**
     * Exactly this many lines have this message.
     *
     * @param message the message
     * @param count the expected number
     * @return this
     */
    public LogsAssert hasEventCount(String message, int count) {
        isNotNull();
        long seen = actual.stream().filter(line -> line.message().equals(message)).count();
        if (seen != count) {
            failWithMessage("expected %s log lines %s, found %s", count, message, seen);
        }
        return this;
    }
}
