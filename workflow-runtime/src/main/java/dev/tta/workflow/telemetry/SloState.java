package dev.tta.workflow.telemetry;

import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import dev.tta.workflow.slo.SloTracker;
import io.opentelemetry.api.common.Attributes;

/**
 * One objective of one primitive name: its tracker and every metric attribute set it needs, computed once.
 */
final class SloState {

    private final SloTracker tracker;
    private final MetricAttributes goodEvents;
    private final MetricAttributes badEvents;
    private final Attributes gaugeAttributes;
    private final Attributes[] burnRateAttributes;

    SloState(String primitiveName, ServiceLevelObjective objective) {
        this.tracker = new SloTracker(primitiveName, objective);
        this.gaugeAttributes = Attributes.of(TelemetryNames.PRIMITIVE_NAME, primitiveName,
                TelemetryNames.SLO_NAME, objective.name(), TelemetryNames.SLO_KIND, objective.kind().value());
        this.goodEvents = MetricAttributes.of(gaugeAttributes.toBuilder()
                .put(TelemetryNames.SLO_RESULT, TelemetryNames.SLO_RESULT_GOOD).build());
        this.badEvents = MetricAttributes.of(gaugeAttributes.toBuilder()
                .put(TelemetryNames.SLO_RESULT, TelemetryNames.SLO_RESULT_BAD).build());
        this.burnRateAttributes = SloStatus.BURN_RATE_WINDOW_LABELS.stream()
                .map(label -> gaugeAttributes.toBuilder().put(TelemetryNames.SLO_WINDOW, label).build())
                .toArray(Attributes[]::new);
    }

    ServiceLevelObjective objective() {
        return tracker.objective();
    }

    SloTracker tracker() {
        return tracker;
    }

    /** Attributes of {@code workflow.slo.events}. */
    Attributes eventAttributes(boolean good, String workflowName) {
        return (good ? goodEvents : badEvents).forWorkflow(workflowName);
    }

    /** Attributes of the objective and error-budget gauges. */
    Attributes gaugeAttributes() {
        return gaugeAttributes;
    }

    /** Attributes of the burn-rate gauge over the window at this index of {@link SloStatus#BURN_RATE_WINDOWS}. */
    Attributes burnRateAttributes(int window) {
        return burnRateAttributes[window];
    }
}
