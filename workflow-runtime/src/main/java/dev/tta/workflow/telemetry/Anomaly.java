package dev.tta.workflow.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An anomaly of one primitive: opened when enough closed window intervals fell out of the band of the recent
 * baseline, closed when enough fell back in (see {@link AnomalySettings}). Immutable: a later snapshot of the same
 * anomaly is another value with the same primitive, kind and {@link #openedAt()}.
 *
 * <p>Values are in seconds for {@link AnomalyKind#LATENCY} (95th percentile latency of one interval) and ratios for
 * {@link AnomalyKind#ERRORS} (failed executions over all executions of one interval).
 *
 * @param primitive the primitive's name ({@code workflow.primitive.name})
 * @param kind latency or errors
 * @param openedAt the end of the interval that opened it
 * @param closedAt the end of the interval that closed it; null while it is active
 * @param baseline the baseline when it opened: the median interval p95 in seconds, or the baseline error ratio
 * @param threshold the edge of the band, in the same unit: for latency the smallest interval p95 that counts
 *     (baseline × {@link AnomalySettings#minLatencyRatio()}; the slow calls of the interval's windows must also
 *     score at least the threshold), for errors the ratio the interval of {@link #observed()} would need on its own
 *     to score {@link AnomalySettings#errorThreshold()} (its windows may reach it with less)
 * @param observed the most recent out-of-band value, in the same unit
 * @param peak the largest out-of-band value while it was active, in the same unit
 * @param samples executions in the interval of {@link #observed()}
 * @param score how strong the evidence was at that interval, in nats: {@code −ln P} of the slow (or failed)
 *     executions of the most surprising window ending there, under the baseline (out of band from
 *     {@link AnomalySettings#latencyThreshold()} or {@link AnomalySettings#errorThreshold()})
 * @param outOfBandIntervals how many evaluated intervals were out of band while it was active, counting the
 *     intervals that added evidence in the window that opened it
 * @param exemplarTraceIds trace ids of the slowest and of failed executions of the out-of-band intervals, at most
 *     {@value #MAX_EXEMPLARS}, oldest first
 * @param workflows the workflows ({@code workflow.name}) those executions ran in, sorted
 */
public record Anomaly(String primitive, AnomalyKind kind, Instant openedAt, Instant closedAt, double baseline,
        double threshold, double observed, double peak, long samples, double score, int outOfBandIntervals,
        List<String> exemplarTraceIds, List<String> workflows) {

    /** The most exemplar trace ids one anomaly keeps. */
    public static final int MAX_EXEMPLARS = 10;

    /**
     * Checks the values and copies the lists.
     *
     * @throws NullPointerException if the primitive, kind, opening time or a list is null
     *
     * @param primitive see {@link #primitive()}
     * @param kind see {@link #kind()}
     * @param openedAt see {@link #openedAt()}
     * @param closedAt see {@link #closedAt()}
     * @param baseline see {@link #baseline()}
     * @param threshold see {@link #threshold()}
     * @param observed see {@link #observed()}
     * @param peak see {@link #peak()}
     * @param samples see {@link #samples()}
     * @param score see {@link #score()}
     * @param outOfBandIntervals see {@link #outOfBandIntervals()}
     * @param exemplarTraceIds see {@link #exemplarTraceIds()}
     * @param workflows see {@link #workflows()}
     */
    public Anomaly {
        Objects.requireNonNull(primitive, "primitive");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(openedAt, "openedAt");
        exemplarTraceIds = List.copyOf(exemplarTraceIds);
        workflows = List.copyOf(workflows);
    }

    /**
     * Whether the anomaly is still open.
     *
     * @return true until it closed
     */
    public boolean active() {
        return closedAt == null;
    }

    /**
     * When it closed.
     *
     * @return the end of the closing interval, or empty while it is active
     */
    public Optional<Instant> closed() {
        return Optional.ofNullable(closedAt);
    }

    /**
     * How long it lasted, or has lasted so far.
     *
     * @param now the time to measure an active anomaly up to
     * @return the duration, never negative
     */
    public Duration duration(Instant now) {
        Duration lasted = Duration.between(openedAt, closedAt == null ? now : closedAt);
        return lasted.isNegative() ? Duration.ZERO : lasted;
    }

    /**
     * The unit of {@link #baseline()}, {@link #threshold()}, {@link #observed()} and {@link #peak()}.
     *
     * @return {@code s} for latency, {@code 1} for an error ratio
     */
    public String unit() {
        return kind == AnomalyKind.LATENCY ? "s" : "1";
    }

    /**
     * One line for people, e.g. {@code CallModel latency p95 812.0 ms (baseline 401.5 ms, band 602.3 ms)}.
     *
     * @return the summary
     */
    public String summary() {
        return primitive + " " + kind.value() + (kind == AnomalyKind.LATENCY
                ? String.format(java.util.Locale.ROOT, " p95 %.1f ms (baseline %.1f ms, band %.1f ms)",
                        observed * 1e3, baseline * 1e3, threshold * 1e3)
                : String.format(java.util.Locale.ROOT, " ratio %.2f%% (baseline %.2f%%, band %.2f%%)",
                        observed * 100, baseline * 100, threshold * 100));
    }
}
