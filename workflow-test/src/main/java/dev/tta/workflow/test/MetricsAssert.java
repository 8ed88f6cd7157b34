package dev.tta.workflow.test;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the metric points a test's workflows produced (collected once, when these assertions were made):
 * durations per primitive, counters, SLO events, and the attribute-key discipline Prometheus needs.
 */
public final class MetricsAssert extends AbstractAssert<MetricsAssert, List<MetricData>> {

    MetricsAssert(List<MetricData> actual) {
        super(actual, MetricsAssert.class);
    }

    /**
     * A metric with this name has points.
     *
     * @param name the metric name
     * @return this
     */
    public MetricsAssert hasMetric(String name) {
        if (points(name).isEmpty()) {
            failWithMessage("expected points of metric %s, found metrics %s", name, names());
        }
        return this;
    }

    /**
     * No metric with this name has points.
     *
     * @param name the metric name
     * @return this
     */
    public MetricsAssert hasNoMetric(String name) {
        if (!points(name).isEmpty()) {
            failWithMessage("expected no points of metric %s, found %s", name, points(name));
        }
        return this;
    }

    /**
     * The primitive with this name ran this many times ({@code workflow.primitive.duration} counts, all outcomes).
     *
     * @param primitive the {@code workflow.primitive.name}
     * @param count the expected number of executions
     * @return this
     */
    public MetricsAssert hasDurationCount(String primitive, long count) {
        return hasDurationCount(primitive, null, count);
    }

    /**
     * The primitive with this name ended this many times with this outcome.
     *
     * @param primitive the {@code workflow.primitive.name}
     * @param outcome {@value TelemetryNames#OUTCOME_SUCCESS} or {@value TelemetryNames#OUTCOME_FAILURE}; null for
     *     any
     * @param count the expected number of executions
     * @return this
     */
    public MetricsAssert hasDurationCount(String primitive, String outcome, long count) {
        long seen = 0;
        for (PointData point : points(TelemetryNames.DURATION_METRIC)) {
            Attributes attributes = point.getAttributes();
            if (primitive.equals(attributes.get(TelemetryNames.PRIMITIVE_NAME))
                    && (outcome == null || outcome.equals(attributes.get(TelemetryNames.OUTCOME)))) {
                seen += ((HistogramPointData) point).getCount();
            }
        }
        if (seen != count) {
            failWithMessage("expected %s executions of '%s'%s in %s, found %s; primitives measured: %s", count,
                    primitive, outcome == null ? "" : " with outcome " + outcome, TelemetryNames.DURATION_METRIC, seen,
                    primitives());
        }
        return this;
    }

    /**
     * Exactly these primitives were measured ({@code workflow.primitive.duration}), no other.
     *
     * @param primitives the {@code workflow.primitive.name} values
     * @return this
     */
    public MetricsAssert measuredExactly(String... primitives) {
        Set<String> expected = new TreeSet<>(List.of(primitives));
        if (!expected.equals(primitives())) {
            failWithMessage("expected the primitives %s to be measured, found %s", expected, primitives());
        }
        return this;
    }

    /**
     * The sum of a counter's points whose attributes include these, e.g.
     * {@code hasCounter("workflow.retry.attempts", 3, "workflow.primitive.name", "charge")}.
     *
     * @param name the metric name
     * @param expected the expected sum
     * @param attributes alternating attribute key names and values, compared as text
     * @return this
     */
    public MetricsAssert hasCounter(String name, double expected, String... attributes) {
        Map<String, String> wanted = pairs(attributes);
        double sum = 0;
        for (PointData point : points(name)) {
            if (matches(point.getAttributes(), wanted)) {
                if (point instanceof LongPointData longPoint) {
                    sum += longPoint.getValue();
                } else if (point instanceof DoublePointData doublePoint) {
                    sum += doublePoint.getValue();
                } else if (point instanceof HistogramPointData histogram) {
                    sum += histogram.getSum();
                }
            }
        }
        if (Math.abs(sum - expected) > 1e-9) {
            failWithMessage("expected %s%s to add up to %s, found %s; points: %s", name, wanted, expected, sum,
                    points(name));
        }
        return this;
    }

    /**
     * The good and bad events an objective counted ({@code workflow.slo.events}).
     *
     * @param primitive the primitive's name
     * @param slo the objective's name, e.g. {@code "availability"}
     * @param good the expected good events
     * @param bad the expected bad events
     * @return this
     */
    public MetricsAssert hasSloEvents(String primitive, String slo, long good, long bad) {
        long[] seen = new long[2];
        for (PointData point : points(TelemetryNames.SLO_EVENTS_METRIC)) {
            Attributes attributes = point.getAttributes();
            if (primitive.equals(attributes.get(TelemetryNames.PRIMITIVE_NAME))
                    && slo.equals(attributes.get(TelemetryNames.SLO_NAME))) {
                boolean isGood = TelemetryNames.SLO_RESULT_GOOD.equals(attributes.get(TelemetryNames.SLO_RESULT));
                seen[isGood ? 0 : 1] += ((LongPointData) point).getValue();
            }
        }
        if (seen[0] != good || seen[1] != bad) {
            failWithMessage("expected SLO '%s' of '%s' to count %s good and %s bad events, found %s good and %s bad",
                    slo, primitive, good, bad, seen[0], seen[1]);
        }
        return this;
    }

    /**
     * Every metric's points share one set of attribute keys, as Prometheus client libraries require of a metric
     * name, but for {@code error.type}, which OpenTelemetry's conventions put on failures only.
     *
     * @return this
     */
    public MetricsAssert hasConsistentAttributeKeys() {
        for (MetricData metric : actual) {
            Set<Set<String>> keySets = new HashSet<>();
            for (PointData point : metric.getData().getPoints()) {
                keySets.add(point.getAttributes().asMap().keySet().stream().map(AttributeKey::getKey)
                        .filter(key -> !key.equals(TelemetryNames.ERROR_TYPE.getKey()))
                        .collect(Collectors.toCollection(TreeSet::new)));
            }
            if (keySets.size() > 1) {
                failWithMessage("metric %s has points with different attribute keys: %s", metric.getName(), keySets);
            }
        }
        return this;
    }

    private List<PointData> points(String name) {
        List<PointData> points = new ArrayList<>();
        for (MetricData metric : actual) {
            if (metric.getName().equals(name)) {
                points.addAll(metric.getData().getPoints());
            }
        }
        return points;
    }

    private Set<String> names() {
        return actual.stream().map(MetricData::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> primitives() {
        Set<String> names = new TreeSet<>();
        for (PointData point : points(TelemetryNames.DURATION_METRIC)) {
            String name = point.getAttributes().get(TelemetryNames.PRIMITIVE_NAME);
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    private static Map<String, String> pairs(String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in key-value pairs");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            pairs.put(attributes[i], attributes[i + 1]);
        }
        return pairs;
    }

    private static boolean matches(Attributes attributes, Map<String, String> wanted) {
        Map<String, String> text = new LinkedHashMap<>();
        attributes.forEach((key, value) -> text.put(key.getKey(), String.valueOf(value)));
        return wanted.entrySet().stream().allMatch(entry -> entry.getValue().equals(text.get(entry.getKey())));
    }
}
