package dev.tta.workflow.test;

import dev.tta.workflow.telemetry.TelemetryNames;
import java.util.Map;

/**
 * One log line a test's workflows wrote through SLF4J, as the kit captured it: with the MDC as it was then (so with
 * the trace, span, workflow and correlation ids the library puts there while a step runs) and the key-value pairs of
 * SLF4J's fluent API ({@code primitive}, {@code outcome}, {@code duration_ms}...).
 *
 * @param level the level, e.g. {@code "WARN"}
 * @param logger the logger's name
 * @param message the formatted message; the library's events are {@code primitive.started},
 *     {@code primitive.completed} and {@code primitive.failed}
 * @param keyValues the fluent API's key-value pairs, as text
 * @param mdc the MDC at the time of the call
 * @param thread the name of the thread that logged
 */
public record CapturedLog(String level, String logger, String message, Map<String, String> keyValues,
        Map<String, String> mdc, String thread) {

    /**
     * Copies the maps.
     *
     * @param level the level
     * @param logger the logger's name
     * @param message the message
     * @param keyValues the key-value pairs
     * @param mdc the MDC
     * @param thread the thread's name
     */
    public CapturedLog {
        keyValues = Map.copyOf(keyValues);
        mdc = Map.copyOf(mdc);
    }

    /**
     * The {@code trace_id} in the MDC.
     *
     * @return the trace id, or null if the line was written outside any step
     */
    public String traceId() {
        return mdc.get(TelemetryNames.MDC_TRACE_ID);
    }

    /**
     * The {@code span_id} in the MDC.
     *
     * @return the span id, or null
     */
    public String spanId() {
        return mdc.get(TelemetryNames.MDC_SPAN_ID);
    }

    /**
     * The {@code primitive} key-value pair of the library's events.
     *
     * @return the primitive's name, or null for another log line
     */
    public String primitive() {
        return keyValues.get("primitive");
    }

    @Override
    public String toString() {
        return level + " " + message + " " + keyValues + " mdc=" + mdc;
    }
}
