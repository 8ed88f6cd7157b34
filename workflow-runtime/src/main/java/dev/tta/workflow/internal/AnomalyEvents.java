package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.Anomaly;
import dev.tta.workflow.telemetry.AnomalyKind;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The events of an anomaly opening (WARN) and closing (INFO): through SLF4J, with key-values, on the logger
 * {@value #LOGGER}, and as OpenTelemetry log records with the event name {@link TelemetryNames#EVENT_ANOMALY} (or
 * {@link TelemetryNames#EVENT_ANOMALY_CLOSED}) through the logs bridge of the OpenTelemetry instance in use, which
 * drops them unless an SDK logger provider is configured.
 */
final class AnomalyEvents {

    /** The SLF4J logger of anomaly events. */
    static final String LOGGER = "dev.tta.workflow.anomaly";

    static final AttributeKey<String> STATE = AttributeKey.stringKey("workflow.anomaly.state");
    static final AttributeKey<Double> BASELINE = AttributeKey.doubleKey("workflow.anomaly.baseline");
    static final AttributeKey<Double> THRESHOLD = AttributeKey.doubleKey("workflow.anomaly.threshold");
    static final AttributeKey<Double> OBSERVED = AttributeKey.doubleKey("workflow.anomaly.observed");
    static final AttributeKey<Double> SCORE = AttributeKey.doubleKey("workflow.anomaly.score");
    static final AttributeKey<Long> SAMPLES = AttributeKey.longKey("workflow.anomaly.samples");
    static final AttributeKey<String> UNIT = AttributeKey.stringKey("workflow.anomaly.unit");
    static final AttributeKey<String> OPENED_AT = AttributeKey.stringKey("workflow.anomaly.opened_at");
    static final AttributeKey<List<String>> TRACE_IDS =
            AttributeKey.stringArrayKey("workflow.anomaly.exemplar.trace_ids");
    static final AttributeKey<List<String>> WORKFLOWS = AttributeKey.stringArrayKey("workflow.anomaly.workflows");

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(LOGGER);

    private AnomalyEvents() {
    }

    static void opened(Anomaly anomaly) {
        emit(anomaly, Level.WARN, Severity.WARN, TelemetryNames.EVENT_ANOMALY, "open");
    }

    static void closed(Anomaly anomaly) {
        emit(anomaly, Level.INFO, Severity.INFO, TelemetryNames.EVENT_ANOMALY_CLOSED, "closed");
    }

    private static void emit(Anomaly anomaly, Level level, Severity severity, String event, String state) {
        try {
            if (LOG.isEnabledForLevel(level)) {
                LOG.atLevel(level)
                        .addKeyValue("primitive", anomaly.primitive())
                        .addKeyValue("kind", anomaly.kind().value())
                        .addKeyValue("state", state)
                        .addKeyValue("baseline", anomaly.baseline())
                        .addKeyValue("threshold", anomaly.threshold())
                        .addKeyValue("observed", anomaly.observed())
                        .addKeyValue("unit", anomaly.unit())
                        .addKeyValue("samples", anomaly.samples())
                        .addKeyValue("score", anomaly.score())
                        .addKeyValue("opened_at", anomaly.openedAt().toString())
                        .addKeyValue("exemplar_trace_ids", String.join(",", anomaly.exemplarTraceIds()))
                        .addKeyValue("workflows", String.join(",", anomaly.workflows()))
                        .log(event);
            }
        } catch (Throwable failure) {
            TelemetryErrors.report("logging an anomaly of '" + anomaly.primitive() + "'", failure);
        }
        try {
            Logger logger = TelemetryRuntime.openTelemetry(System.nanoTime()).getLogsBridge()
                    .get(TelemetryNames.INSTRUMENTATION_SCOPE);
            logger.logRecordBuilder()
                    .setEventName(event)
                    .setTimestamp(anomaly.closedAt() != null ? anomaly.closedAt() : anomaly.openedAt())
                    .setSeverity(severity)
                    .setSeverityText(severity.name())
                    .setBody(text(anomaly, state))
                    .setAttribute(TelemetryNames.PRIMITIVE_NAME, anomaly.primitive())
                    .setAttribute(TelemetryNames.ANOMALY_KIND, anomaly.kind().value())
                    .setAttribute(STATE, state)
                    .setAttribute(BASELINE, anomaly.baseline())
                    .setAttribute(THRESHOLD, anomaly.threshold())
                    .setAttribute(OBSERVED, anomaly.observed())
                    .setAttribute(UNIT, anomaly.unit())
                    .setAttribute(SAMPLES, anomaly.samples())
                    .setAttribute(SCORE, anomaly.score())
                    .setAttribute(OPENED_AT, anomaly.openedAt().toString())
                    .setAttribute(TRACE_IDS, anomaly.exemplarTraceIds())
                    .setAttribute(WORKFLOWS, anomaly.workflows())
                    .emit();
        } catch (Throwable failure) {
            TelemetryErrors.report("emitting the anomaly event of '" + anomaly.primitive() + "'", failure);
        }
    }

    private static String text(Anomaly anomaly, String state) {
        return (anomaly.kind() == AnomalyKind.LATENCY ? "Latency" : "Error") + " anomaly " + state + ": "
                + anomaly.summary() + (anomaly.exemplarTraceIds().isEmpty() ? ""
                        : "; traces " + String.join(", ", anomaly.exemplarTraceIds()));
    }
}
