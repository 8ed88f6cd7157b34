package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import dev.tta.workflow.slo.SloTracker;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One objective of one primitive name: its tracker and every metric attribute set it needs, computed once.
 */
public final class SloState {

    private final SloTracker tracker;
    private final MetricAttributes goodEvents;
    private final MetricAttributes badEvents;
    private final Attributes gaugeAttributes;
    private final Attributes[] burnRateAttributes;
    /** Where each workflow's good and bad series were created, by the good series' attributes (bounded as those). */
    private final ConcurrentMap<Attributes, CreatedSeries> seriesCreated = new ConcurrentHashMap<>(4);
    /** The last of them used, answering the usual case (one workflow, one counter) without a lookup. */
    private volatile CreatedSeries lastCreated;

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

    /**
     * The objective.
     *
     * @return the objective
     */
    public ServiceLevelObjective objective() {
        return tracker.objective();
    }

    /**
     * Its tracker.
     *
     * @return the tracker
     */
    public SloTracker tracker() {
        return tracker;
    }

    /**
     * Adds one event to {@code workflow.slo.events}. The first event of a workflow creates its good and its bad
     * series at zero first: Prometheus' {@code rate()} and {@code increase()} count only what a series gained after
     * its first scrape, so a bad series born with the first failure would never count that failure.
     */
    /**
     * Counts an event in the {@code workflow.slo.events} counter.
     *
     * @param counter the counter
     * @param good whether the event was good
     * @param workflowName the workflow, or null
     */
    public void count(LongCounter counter, boolean good, String workflowName) {
        Attributes goodSeries = goodEvents.forWorkflow(workflowName);
        Attributes badSeries = badEvents.forWorkflow(workflowName);
        CreatedSeries last = lastCreated;
        if (last == null || last.goodSeries() != goodSeries || last.counter() != counter) {
            CreatedSeries created = seriesCreated.get(goodSeries);
            if (created == null || created.counter() != counter) {
                // Threads racing here may both add zero: harmless.
                counter.add(0, goodSeries);
                counter.add(0, badSeries);
                created = new CreatedSeries(goodSeries, counter);
                seriesCreated.put(goodSeries, created);
            }
            lastCreated = created;
        }
        counter.add(1, good ? goodSeries : badSeries);
    }

    /** A workflow's good and bad series, created at zero in this counter. */
    private record CreatedSeries(Attributes goodSeries, LongCounter counter) {
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
