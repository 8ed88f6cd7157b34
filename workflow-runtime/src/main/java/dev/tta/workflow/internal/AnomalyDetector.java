package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.Anomaly;
import dev.tta.workflow.telemetry.AnomalyKind;
import dev.tta.workflow.telemetry.AnomalySettings;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The anomaly detectors of one primitive name: latency and errors, each judged once per closed window interval
 * (see {@link AnomalySettings} for the statistics). Confined to the thread that rotates the windows; {@link #active}
 * may be read from any thread. A judged interval costs a small sort and at most two binomial tails; nothing is
 * allocated unless an interval is out of band.
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
    /** Shared by both channels' sorts: the detector runs on one thread. */
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
        Channel channel = latency;
        if (!settings.enabled() || channel.filled < settings.minBaselineIntervals()) {
            return 0;
        }
        return (long) Math.ceil(Math.exp(RobustStatistics.median(channel.values, channel.filled, scratch)) * 1e9);
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
        double median = RobustStatistics.median(channel.values, channel.filled, scratch);
        long baselineSlow = 0;
        long baselineCount = 0;
        for (int i = 0; i < channel.filled; i++) {
            if (channel.failures[i] >= 0) {
                baselineSlow += channel.failures[i];
                baselineCount += channel.counts[i];
            }
        }
        // The share of calls above the baseline p95: 5 % by construction, then as measured (100 pseudo-calls).
        double share = (baselineSlow + 5.0) / (baselineCount + 100.0);
        double ratio = p95 / Math.exp(median);
        boolean candidate = ratio >= settings.minLatencyRatio() && slow >= settings.minEvents()
                && slow >= settings.minExcessFactor() * share * n;
        double tail = candidate ? RobustStatistics.binomialUpperTail(slow, n, share) : 1;
        boolean out = candidate && tail < settings.latencyAlpha();
        double score = tail <= 0 ? 300 : -Math.log10(tail);
        double edge = Math.exp(median) * settings.minLatencyRatio();
        channel.step(out, value, n, slow, Math.exp(median), edge, p95, score, sample, end);
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
            baselineFailures += channel.failures[i];
            baselineCount += channel.counts[i];
        }
        // Jeffreys-style: never zero, so a primitive that never failed still gets a finite test.
        double rate = (baselineFailures + 0.5) / (baselineCount + 1.0);
        double ratio = failures / (double) n;
        boolean candidate = failures >= settings.minEvents() && ratio >= settings.minExcessFactor() * rate;
        double tail = candidate ? RobustStatistics.binomialUpperTail(failures, n, rate) : 1;
        boolean out = candidate && tail < settings.errorAlpha();
        double score = tail <= 0 ? 300 : -Math.log10(tail);
        double edge = out ? criticalCount(n, rate) / (double) n : Double.NaN;
        channel.step(out, 0, n, failures, rate, edge, ratio, score, sample, end);
    }

    /** The fewest failures of {@code n} executions that would be out of band at this baseline rate. */
    private long criticalCount(long n, double rate) {
        long low = Math.max(settings.minEvents(), (long) Math.ceil(settings.minExcessFactor() * rate * n));
        if (low > n) {
            return n;
        }
        long high = n;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (RobustStatistics.binomialUpperTail(middle, n, rate) < settings.errorAlpha()) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** One detector's state: its baseline ring, recent verdicts and the anomaly it has open. */
    private final class Channel {
        final AnomalyKind kind;
        final Attributes attributes;
        final double[] values;
        final long[] counts;
        final long[] failures;
        int filled;
        int next;
        /** The verdicts of the last {@code openWindow} judged intervals, newest in bit 0. */
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
            failures = new long[size];
        }

        void accept(double value, long count, long failed) {
            values[next] = value;
            counts[next] = count;
            failures[next] = failed;
            next = (next + 1) % values.length;
            filled = Math.min(filled + 1, values.length);
        }

        /** An interval with too few executions to judge: after a whole baseline of them, what is open closes. */
        void quiet(Instant end) {
            quiet++;
            if (current != null && quiet >= settings.baselineIntervals()) {
                close(end);
            }
        }

        void step(boolean out, double value, long count, long failed, double baseline, double threshold,
                double observed, double score, IntervalSample sample, Instant end) {
            quiet = 0;
            recent = ((recent << 1) | (out ? 1 : 0)) & ((1 << settings.openWindow()) - 1);
            if (out) {
                pending.addLast(exemplars(sample));
                while (pending.size() > settings.openWindow()) {
                    pending.removeFirst();
                }
            } else if (recent == 0) {
                pending.clear();
            }
            if (current == null) {
                if (Integer.bitCount(recent) >= settings.openAfter()) {
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
                accept(value, count, failed);
            }
        }

        private void close(Instant end) {
            Anomaly closed = closedCopy(current, end);
            current = null;
            recent = 0;
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
