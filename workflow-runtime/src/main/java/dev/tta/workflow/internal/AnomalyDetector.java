package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.Anomaly;
import dev.tta.workflow.telemetry.AnomalyKind;
import dev.tta.workflow.telemetry.AnomalySettings;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The anomaly detectors of one primitive name: latency and errors, each judged once per closed window interval
 * (see {@link AnomalySettings} for the statistics). Confined to the thread that rotates the windows; {@link #active}
 * may be read from any thread. A judged interval costs a pass over the baseline, an exact binomial tail per window
 * and, when the baseline changed, a small sort; nothing is allocated unless an interval adds evidence for a shift
 * (its exemplars are then kept for the anomaly it may open).
 */
final class AnomalyDetector {

    /** Told when an anomaly opens, changes while open, or closes. */
    interface Listener {
        /** An anomaly opened. */
        void opened(Anomaly anomaly);

        /** An open anomaly saw another out-of-band interval. */
        void updated(Anomaly anomaly);

        /** An anomaly closed. */
        void closed(Anomaly anomaly);
    }

    private final String primitive;
    private final AnomalySettings settings;
    private final Listener listener;
    private final Channel latency;
    private final Channel errors;
    /** For the sort of the latency baseline. */
    private final double[] scratch;

    AnomalyDetector(String primitive, AnomalySettings settings, Listener listener) {
        this.primitive = primitive;
        this.settings = settings;
        this.listener = listener;
        this.scratch = new double[settings.baselineIntervals()];
        this.latency = new Channel(AnomalyKind.LATENCY);
        this.errors = new Channel(AnomalyKind.ERRORS);
    }

    /**
     * Judges one closed interval.
     *
     * @param sample the interval
     * @param end when it closed
     */
    void evaluate(IntervalSample sample, Instant end) {
        if (!settings.enabled()) {
            return;
        }
        if (sample.count < settings.minSamples()) {
            latency.quiet(end);
            errors.quiet(end);
            return;
        }
        judgeLatency(sample, end);
        judgeErrors(sample, end);
    }

    /**
     * Whether an anomaly of this kind is open.
     *
     * @param kind the kind
     * @return true while open
     */
    boolean active(AnomalyKind kind) {
        return channel(kind).current != null;
    }

    /** The gauge attributes of a kind: the primitive's name and the kind. */
    Attributes attributes(AnomalyKind kind) {
        return channel(kind).attributes;
    }

    /**
     * The detector is being replaced (new settings or window): what is open ends without a closing event, as an
     * update that marks it closed when it opened.
     */
    void discard() {
        for (Channel channel : List.of(latency, errors)) {
            Anomaly open = channel.current;
            if (open != null) {
                channel.current = null;
                listener.updated(channel.closedCopy(open, null));
            }
        }
    }

    private Channel channel(AnomalyKind kind) {
        return kind == AnomalyKind.LATENCY ? latency : errors;
    }

    /**
     * The latency above which an execution counts as slow in the interval being recorded: the baseline p95, or 0
     * while there is no baseline yet.
     */
    long slowThresholdNanos() {
        if (!settings.enabled() || latency.filled < settings.minBaselineIntervals()) {
            return 0;
        }
        return (long) Math.ceil(Math.exp(latencyMedian()) * 1e9);
    }

    /** The median of the baseline's log p95s, sorted again only when the baseline changed. */
    private double latencyMedian() {
        if (latency.changed) {
            latency.median = RobustStatistics.median(latency.values, latency.filled, scratch);
            latency.changed = false;
        }
        return latency.median;
    }

    private void judgeLatency(IntervalSample sample, Instant end) {
        Channel channel = latency;
        double p95 = Math.max(1, sample.p95Nanos) / 1e9;
        double value = Math.log(p95);
        long n = sample.count;
        // Calls slower than the baseline p95 in force while the interval was recorded; -1 before there was one.
        long slow = sample.slowThresholdNanos > 0 ? Math.min(sample.slowerCount, n) : -1;
        if (channel.filled < settings.minBaselineIntervals() || slow < 0) {
            channel.accept(value, n, -1);
            return;
        }
        double median = Math.exp(latencyMedian());
        long baselineSlow = 0;
        long baselineCount = 0;
        for (int i = 0; i < channel.filled; i++) {
            if (channel.events[i] >= 0) {
                baselineSlow += channel.events[i];
                baselineCount += channel.counts[i];
            }
        }
        // The share of calls above the baseline p95: 5 % by construction, then as measured (100 pseudo-calls).
        double share = (baselineSlow + 5.0) / (baselineCount + 100.0);
        double score = channel.scan(slow, n, share);
        boolean evidence = slow > n * share && p95 >= settings.minLatencyRatio() * median;
        boolean out = evidence && score >= settings.latencyThreshold();
        channel.step(evidence, out, score, value, n, slow, median, median * settings.minLatencyRatio(), p95, sample,
                end);
    }

    private void judgeErrors(IntervalSample sample, Instant end) {
        Channel channel = errors;
        long n = sample.count;
        long failures = Math.min(sample.failures, n);
        if (channel.filled < settings.minBaselineIntervals()) {
            channel.accept(0, n, failures);
            return;
        }
        long baselineFailures = 0;
        long baselineCount = 0;
        for (int i = 0; i < channel.filled; i++) {
            baselineFailures += channel.events[i];
            baselineCount += channel.counts[i];
        }
        // Jeffreys-style: never zero, so a primitive that never failed still gets a finite test.
        double rate = (baselineFailures + 0.5) / (baselineCount + 1.0);
        double score = channel.scan(failures, n, rate);
        boolean evidence = failures > n * rate;
        boolean out = evidence && score >= settings.errorThreshold();
        // The band's edge, worked out only for an anomaly to show: the share this interval alone would need.
        double edge = out ? RobustStatistics.criticalCount(n, rate, settings.errorThreshold()) / (double) n : rate;
        channel.step(evidence, out, score, 0, n, failures, rate, edge, failures / (double) n, sample, end);
    }

    /** One detector's state: its baseline ring, recent verdicts and the anomaly it has open. */
    private final class Channel {
        final AnomalyKind kind;
        final Attributes attributes;
        final double[] values;
        final long[] counts;
        /** Slow (latency, -1 before there was a threshold) or failed (errors) executions of each interval. */
        final long[] events;
        int filled;
        int next;
        /** Whether the baseline changed since {@link #median} was computed. */
        boolean changed = true;
        double median;
        /**
         * Executions and slow (or failed) executions of the last {@code openWindow} judged intervals, a ring: the
         * scan's windows, and what the intervals that open an anomaly hold.
         */
        final long[] windowCounts;
        final long[] windowEvents;
        int windowAt;
        /** Which of those intervals added evidence for the shift, newest in bit 0. */
        int recent;
        int inBand;
        int quiet;
        int openFor;
        /** Read by the gauge's thread. */
        volatile Anomaly current;
        /** Exemplars of out-of-band intervals not yet part of an open anomaly. */
        final ArrayDeque<String[]> pending = new ArrayDeque<>();

        Channel(AnomalyKind kind) {
            this.kind = kind;
            this.attributes = Attributes.of(TelemetryNames.PRIMITIVE_NAME, primitive, TelemetryNames.ANOMALY_KIND,
                    kind.value());
            int size = settings.baselineIntervals();
            values = new double[size];
            counts = new long[size];
            events = new long[size];
            windowCounts = new long[settings.openWindow()];
            windowEvents = new long[settings.openWindow()];
        }

        void accept(double value, long count, long eventCount) {
            values[next] = value;
            counts[next] = count;
            events[next] = eventCount;
            next = (next + 1) % values.length;
            filled = Math.min(filled + 1, values.length);
            changed = true;
        }

        /**
         * Adds a judged interval of {@code k} slow (or failed) executions of {@code n} to the windows and returns
         * its score: the largest {@code −ln P(X ≥ x)} over the windows that end with it, {@code x} of {@code N}
         * pooled executions and {@code X ~ Binomial(N, base)}.
         */
        double scan(long k, long n, double base) {
            int size = windowCounts.length;
            windowAt = (windowAt + 1) % size;
            windowCounts[windowAt] = n;
            windowEvents[windowAt] = k;
            double score = 0;
            long pooledCount = 0;
            long pooledEvents = 0;
            for (int back = 0; back < size; back++) {
                int i = (windowAt - back + size) % size;
                pooledCount += windowCounts[i];
                pooledEvents += windowEvents[i];
                score = Math.max(score, RobustStatistics.tailScore(pooledEvents, pooledCount, base));
            }
            return score;
        }

        /** An interval with too few executions to judge: after a whole baseline of them, what is open closes. */
        void quiet(Instant end) {
            quiet++;
            if (current != null && quiet >= settings.baselineIntervals()) {
                close(end);
            }
        }

        /**
         * Takes a judged interval's verdict: out of band when it adds evidence and its score reached the
         * threshold; an anomaly opens on an out-of-band interval when enough recent ones added evidence.
         */
        void step(boolean evidence, boolean out, double score, double value, long count, long eventCount,
                double baseline, double threshold, double observed, IntervalSample sample, Instant end) {
            quiet = 0;
            recent = ((recent << 1) | (evidence ? 1 : 0)) & ((1 << settings.openWindow()) - 1);
            if (evidence) {
                pending.addLast(exemplars(sample));
                while (pending.size() > settings.openWindow()) {
                    pending.removeFirst();
                }
            } else if (recent == 0) {
                pending.clear();
            }
            if (current == null) {
                if (out && Integer.bitCount(recent) >= settings.openAfter()
                        && recentEvents() >= settings.minEvents()) {
                    openFor = 0;
                    inBand = 0;
                    current = anomaly(end, null, baseline, threshold, observed, observed, count, score,
                            Integer.bitCount(recent), List.of(), List.of());
                    current = withPending(current);
                    listener.opened(current);
                }
            } else {
                openFor++;
                if (out) {
                    inBand = 0;
                    current = withPending(anomaly(current.openedAt(), null, current.baseline(), threshold, observed,
                            Math.max(current.peak(), observed), count, score, current.outOfBandIntervals() + 1,
                            current.exemplarTraceIds(), current.workflows()));
                    listener.updated(current);
                } else if (++inBand >= settings.closeAfter()) {
                    close(end);
                }
            }
            // Out-of-band intervals stay out of the baseline until a lasting change is accepted as the new normal.
            if (!out || (current != null && openFor >= settings.baselineIntervals())) {
                accept(value, count, eventCount);
            }
        }

        /** The slow (or failed) executions of the recent intervals that added evidence. */
        private long recentEvents() {
            int size = windowEvents.length;
            long sum = 0;
            for (int back = 0; back < size; back++) {
                if ((recent & (1 << back)) != 0) {
                    sum += windowEvents[(windowAt - back + size) % size];
                }
            }
            return sum;
        }

        private void close(Instant end) {
            Anomaly closed = closedCopy(current, end);
            current = null;
            recent = 0;
            Arrays.fill(windowCounts, 0);
            Arrays.fill(windowEvents, 0);
            pending.clear();
            listener.closed(closed);
        }

        Anomaly closedCopy(Anomaly open, Instant end) {
            return anomaly(open.openedAt(), end == null ? open.openedAt() : end, open.baseline(), open.threshold(),
                    open.observed(), open.peak(), open.samples(), open.score(), open.outOfBandIntervals(),
                    open.exemplarTraceIds(), open.workflows());
        }

        /** Adds the pending exemplars to an anomaly, up to {@link Anomaly#MAX_EXEMPLARS} trace ids. */
        private Anomaly withPending(Anomaly anomaly) {
            if (pending.isEmpty()) {
                return anomaly;
            }
            List<String> traces = new ArrayList<>(anomaly.exemplarTraceIds());
            TreeSet<String> workflows = new TreeSet<>(anomaly.workflows());
            for (String[] interval : pending) {
                int half = interval.length / 2;
                for (int i = 0; i < half; i++) {
                    if (traces.size() < Anomaly.MAX_EXEMPLARS && !traces.contains(interval[i])) {
                        traces.add(interval[i]);
                    }
                    if (interval[half + i] != null) {
                        workflows.add(interval[half + i]);
                    }
                }
            }
            pending.clear();
            return anomaly(anomaly.openedAt(), anomaly.closedAt(), anomaly.baseline(), anomaly.threshold(),
                    anomaly.observed(), anomaly.peak(), anomaly.samples(), anomaly.score(),
                    anomaly.outOfBandIntervals(), traces, List.copyOf(workflows));
        }

        /**
         * The interval's exemplars that fit this kind: failed executions first for errors, the slowest first for
         * latency; trace ids in the first half of the array, their workflows in the second.
         */
        private String[] exemplars(IntervalSample sample) {
            boolean errorsFirst = kind == AnomalyKind.ERRORS;
            int size = errorsFirst ? sample.failedCount : sample.slowCount + sample.failedCount;
            String[] result = new String[2 * size];
            int at = 0;
            if (errorsFirst) {
                for (int i = 0; i < sample.failedCount; i++, at++) {
                    result[at] = sample.failedTraces[i];
                    result[size + at] = sample.failedWorkflows[i];
                }
            } else {
                for (int i = 0; i < sample.slowCount; i++, at++) {
                    result[at] = sample.slowTraces[i];
                    result[size + at] = sample.slowWorkflows[i];
                }
                for (int i = 0; i < sample.failedCount; i++, at++) {
                    result[at] = sample.failedTraces[i];
                    result[size + at] = sample.failedWorkflows[i];
                }
            }
            return result;
        }

        private Anomaly anomaly(Instant opened, Instant closed, double baseline, double threshold, double observed,
                double peak, long samples, double score, int outOfBand, List<String> traces,
                List<String> workflows) {
            return new Anomaly(primitive, kind, opened, closed, baseline, threshold, observed, peak, samples, score,
                    outOfBand, traces, workflows);
        }
    }
}
