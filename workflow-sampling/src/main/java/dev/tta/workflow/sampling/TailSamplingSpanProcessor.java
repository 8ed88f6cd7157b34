package dev.tta.workflow.sampling;

import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Tail sampling in process: record, then decide once per local trace, keeping or dropping it whole.
 *
 * <p>Every recorded span (the head sampler records unsampled ones too, {@link WorkflowSampler.Builder#recordUnsampled})
 * is held when it ends, grouped by trace id, until the last open local root of that trace in this process (a span
 * without a parent, or with a remote one) ends. The run is then kept, and all its spans handed to the downstream
 * processor (typically a {@code BatchSpanProcessor} in front of the exporters), when, in this order of
 * {@link KeepReason}: it failed; it retried; it fell back; it counted a bad SLO event; its root took at least the slow
 * threshold or longer than its primitive's recent p99; the anomaly signal is active for its workflow; or the head
 * sampler sampled it. Otherwise it is dropped. Spans that end after their run was decided follow the decision
 * while the run waits for them (a decided run stays buffered, without its spans, until its open spans end); once a
 * bound has removed a run, its late spans go by the head decision.
 *
 * <p>Exported spans are sampled, carry {@link KeepReason#ATTRIBUTE}, and keep a valid {@code th}: the head threshold
 * for runs kept at the head rate, {@code th:0} (adjusted count 1) for runs kept for any other reason, since those are
 * kept whatever their randomness. Counting spans by adjusted count therefore still estimates totals without bias.
 *
 * <p>Bounded: at most {@code maxTraces} local traces are buffered (further roots go by the head decision alone,
 * unbuffered), a trace reaching {@code maxSpansPerTrace} started spans or pushing the buffer past {@code maxBytes} is
 * decided at once on what it has shown so far, and a trace older than {@code maxAge} (a root that never ends) is
 * decided and removed by a sweep that runs at most once a second, as local roots start. Every such early decision is counted in
 * {@link #stats()}. The buffer holds the ended spans themselves (the SDK's spans do not change once ended), nothing
 * copied, while those take less than a sixteenth of {@code maxBytes}; past that, many runs in flight, it holds compact
 * copies, which retain less than half as much. Kept spans are handed downstream as they are, seen as sampled and with
 * the reason attribute added only when the downstream processor reads their data. Bytes are estimated per span
 * ({@link TailSamplingStats#bufferedBytes()}). The last local root of a run is decided as it ends
 * and is never buffered, so a run of a single span costs no buffer at all.
 *
 * <p>Metrics, HdrHistogram percentiles, SLOs and cost are recorded by the runtime for every execution, before and
 * whatever this processor decides. Thread-safe.
 */
public final class TailSamplingSpanProcessor implements SpanProcessor {

    /** Default {@link Builder#maxTraces(int)}. */
    public static final int DEFAULT_MAX_TRACES = 20_000;
    /** Default {@link Builder#maxSpansPerTrace(int)}. */
    public static final int DEFAULT_MAX_SPANS_PER_TRACE = 1_000;
    /** Default {@link Builder#maxBytes(long)}: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    /** Default {@link Builder#maxAge(Duration)}. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(30);

    private static final long SWEEP_NANOS = 1_000_000_000L;
    /**
     * Fixed part of the estimate of a span held by reference: the SDK's span, its context, span id, lock, attribute
     * map and table, list slot (measured near 700 bytes for a span of three attributes, all counted).
     */
    static final int HELD_BYTES = 640;
    /** Per attribute of a span held by reference, besides its value: a hash map entry and its table slot. */
    static final int HELD_ATTRIBUTE_BYTES = 40;

    private final SpanProcessor downstream;
    private final boolean downstreamStart;
    private final long slowNanos;
    private final boolean slowerThanP99;
    private final LatencyBaseline baseline;
    private final Predicate<String> anomalyActive;
    private final int maxTraces;
    private final int maxSpans;
    private final long maxBytes;
    private final long maxAgeNanos;
    private final LongSupplier clock;

    private final ConcurrentHashMap<String, LocalTrace> traces = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong bufferedSpans = new AtomicLong();
    private final AtomicLong heldBytes = new AtomicLong();
    private final long heldBudget;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile long nextSweepNanos;

    private final LongAdder decided = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder[] kept = new LongAdder[KeepReason.values().length];
    private final LongAdder earlyBySpans = new LongAdder();
    private final LongAdder earlyByBytes = new LongAdder();
    private final LongAdder earlyByAge = new LongAdder();
    private final LongAdder untracked = new LongAdder();

    private TailSamplingSpanProcessor(Builder builder) {
        this.downstream = builder.downstream;
        this.downstreamStart = downstream.isStartRequired();
        this.slowNanos = builder.slowThreshold == null ? Long.MAX_VALUE : builder.slowThreshold.toNanos();
        this.slowerThanP99 = builder.slowerThanP99;
        this.baseline = builder.baseline;
        this.anomalyActive = builder.anomalyActive;
        this.maxTraces = builder.maxTraces;
        this.maxSpans = builder.maxSpans;
        this.maxBytes = builder.maxBytes;
        this.heldBudget = Math.max(1, builder.maxBytes / 16);
        this.maxAgeNanos = builder.maxAge.toNanos();
        this.clock = builder.clock;
        this.nextSweepNanos = clock.getAsLong() + Math.min(SWEEP_NANOS, maxAgeNanos);
        for (int i = 0; i < kept.length; i++) {
            kept[i] = new LongAdder();
        }
    }

    /**
     * A builder for a processor that hands kept spans to {@code downstream}.
     *
     * @param downstream usually {@code BatchSpanProcessor.builder(exporter).build()}; it sees kept spans as sampled
     * @return the builder
     * @throws NullPointerException if downstream is null
     */
    public static Builder builder(SpanProcessor downstream) {
        return new Builder(Objects.requireNonNull(downstream, "downstream must not be null"));
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        if (downstreamStart) {
            downstream.onStart(parentContext, span);
        }
        List<ReadableSpan> exports = null;
        LocalTrace trace;
        if (isLocalRoot(span.getParentSpanContext())) {
            // The clock is read, and the sweep considered, as local roots start: not for every span.
            long now = clock.getAsLong();
            sweepIfDue(now);
            String traceId = span.getSpanContext().getTraceId();
            trace = traces.get(traceId);
            if (trace == null) {
                if (inFlight.get() >= maxTraces) {
                    untracked.increment();
                    return;
                }
                LocalTrace created = new LocalTrace(traceId, now);
                trace = traces.putIfAbsent(traceId, created);
                if (trace == null) {
                    trace = created;
                    inFlight.incrementAndGet();
                }
            }
            synchronized (trace) {
                if (trace.removed) {
                    return;
                }
                trace.roots++;
                exports = started(trace);
            }
        } else {
            trace = traces.get(span.getSpanContext().getTraceId());
            if (trace == null) {
                return;
            }
            synchronized (trace) {
                if (trace.removed) {
                    return;
                }
                exports = started(trace);
            }
        }
        export(exports, null, trace);
    }

    private List<ReadableSpan> started(LocalTrace trace) {
        trace.open++;
        if (++trace.started > maxSpans && !trace.decided) {
            earlyBySpans.increment();
            return decide(trace, false);
        }
        return null;
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        String traceId = span.getSpanContext().getTraceId();
        LocalTrace trace = traces.get(traceId);
        if (trace == null) {
            passThrough(span);
            return;
        }
        boolean root = isLocalRoot(span.getParentSpanContext());
        List<ReadableSpan> exports = null;
        ReadableSpan last = null;
        boolean removed;
        synchronized (trace) {
            removed = trace.removed;
            if (!removed) {
                trace.open--;
                if (root) {
                    trace.roots--;
                }
                if (trace.decided) {
                    if (trace.decision != null) {
                        last = span;
                    }
                } else {
                    SpanData data = span.toSpanData(); // a view of the ended span: nothing copied
                    observe(trace, data, root);
                    if (trace.roots <= 0) {
                        // The last local root: decided with it, which is handed on without being buffered.
                        exports = decide(trace, true);
                        if (trace.decision != null) {
                            last = span;
                        }
                    } else {
                        hold(trace, span, data);
                        if (bufferedBytes.get() > maxBytes) {
                            earlyByBytes.increment();
                            exports = decide(trace, false);
                        }
                    }
                }
                if (trace.decided && trace.open <= 0 && trace.roots <= 0) {
                    remove(trace);
                }
            }
        }
        if (removed) {
            passThrough(span);
            return;
        }
        export(exports, last, trace);
    }

    /** Notes what an ended span of an undecided trace shows about its run, reading the span's own data. */
    private static void observe(LocalTrace trace, SpanData data, boolean root) {
        trace.headSampled |= data.getSpanContext().isSampled();
        boolean failed = data.getStatus().getStatusCode() == StatusCode.ERROR;
        Attributes attributes = data.getAttributes();
        if (root) {
            trace.rootFailed |= failed;
            long duration = data.getEndEpochNanos() - data.getStartEpochNanos();
            if (duration >= trace.rootNanos) {
                trace.rootNanos = duration;
                String primitive = attributes.get(TelemetryNames.PRIMITIVE_NAME);
                trace.rootPrimitive = primitive != null ? primitive : data.getName();
                trace.workflowName = attributes.get(TelemetryNames.WORKFLOW_NAME);
            }
        } else {
            trace.failedSpan |= failed;
        }
        String name = data.getName();
        List<EventData> events = data.getEvents();
        if (!events.isEmpty() && TelemetryNames.TYPE_RETRY.equals(attributes.get(TelemetryNames.PRIMITIVE_TYPE))) {
            // A retry schedules each attempt after the first with an event on its own span; most spans have no event,
            // so they skip the attribute look-up.
            trace.retried |= hasEvent(events, TelemetryNames.RETRY_SCHEDULED_EVENT);
        } else if (TelemetryNames.FALLBACK_ALTERNATIVE_SPAN.equals(name)) {
            Long index = attributes.get(TelemetryNames.FALLBACK_INDEX);
            trace.fellBack |= index != null && index >= 1;
        }
        if (TelemetryNames.SLO_RESULT_BAD.equals(attributes.get(TelemetryNames.SLO_RESULT))) {
            trace.sloBad = true;
        }
    }

    private static boolean hasEvent(List<EventData> events, String name) {
        for (EventData event : events) {
            if (name.equals(event.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Buffers the ended span itself (the SDK's span does not change once ended) while the spans held so get less than
     * a sixteenth of the byte bound, else a compact copy of it; counts its estimated bytes either way.
     */
    private void hold(LocalTrace trace, ReadableSpan span, SpanData data) {
        if (trace.spans == null) {
            trace.spans = new ArrayList<>(8);
        }
        long bytes;
        if (heldBytes.get() < heldBudget) {
            bytes = trace.estimate.of(data, HELD_BYTES, HELD_ATTRIBUTE_BYTES);
            heldBytes.addAndGet(bytes);
            trace.held += bytes;
            trace.spans.add(span);
        } else {
            BufferedSpan copy = BufferedSpan.of(data);
            bytes = copy.bytes();
            trace.spans.add(copy);
        }
        trace.bytes += bytes;
        bufferedBytes.addAndGet(bytes);
        bufferedSpans.incrementAndGet();
    }

    /** Decides the trace now; complete when its last local root has ended. Returns the buffered spans to export. */
    private List<ReadableSpan> decide(LocalTrace trace, boolean complete) {
        KeepReason reason = reason(trace, complete);
        trace.decision = reason;
        trace.decided = true;
        decided.increment();
        if (reason == null) {
            dropped.increment();
        } else {
            kept[reason.ordinal()].increment();
        }
        List<ReadableSpan> spans = trace.spans;
        if (spans != null) {
            bufferedBytes.addAndGet(-trace.bytes);
            bufferedSpans.addAndGet(-spans.size());
            heldBytes.addAndGet(-trace.held);
            trace.bytes = 0;
            trace.held = 0;
            trace.spans = null;
        }
        return reason == null ? null : spans;
    }

    private KeepReason reason(LocalTrace trace, boolean complete) {
        if (trace.rootFailed) {
            return KeepReason.ERROR;
        }
        if (trace.retried) {
            return KeepReason.RETRY;
        }
        if (trace.fellBack) {
            return KeepReason.FALLBACK;
        }
        if (trace.failedSpan) {
            return KeepReason.ERROR;
        }
        if (trace.sloBad) {
            return KeepReason.SLO;
        }
        if (complete ? slow(trace) : clock.getAsLong() - trace.createdNanos >= slowNanos) {
            return KeepReason.SLOW;
        }
        if (anomalyActive.test(trace.workflowName)) {
            return KeepReason.ANOMALY;
        }
        return trace.headSampled ? KeepReason.HEAD : null;
    }

    private boolean slow(LocalTrace trace) {
        if (trace.rootNanos >= slowNanos) {
            return true;
        }
        if (slowerThanP99 && trace.rootPrimitive != null) {
            long p99 = baseline.recentP99Nanos(trace.rootPrimitive);
            return p99 > 0 && trace.rootNanos > p99;
        }
        return false;
    }

    /** Hands the spans of a kept trace downstream: the buffered ones, then {@code last}; either may be null. */
    private void export(List<ReadableSpan> spans, ReadableSpan last, LocalTrace trace) {
        if (spans != null) {
            for (ReadableSpan span : spans) {
                exportKept(span, trace.decision);
            }
        }
        if (last != null) {
            exportKept(last, trace.decision);
        }
    }

    private void exportKept(ReadableSpan span, KeepReason reason) {
        TraceState state = span.getSpanContext().getTraceState();
        if (reason != KeepReason.HEAD) {
            state = Thresholds.withThreshold(state, Thresholds.ALWAYS);
        }
        downstream.onEnd(KeptSpan.of(span, reason, state));
    }

    /** A span of no buffered trace (past the trace bound, or after its trace was removed): the head decision. */
    private void passThrough(ReadableSpan span) {
        if (span.getSpanContext().isSampled()) {
            downstream.onEnd(KeptSpan.of(span, KeepReason.HEAD, span.getSpanContext().getTraceState()));
        }
    }

    private void remove(LocalTrace trace) {
        trace.removed = true;
        if (traces.remove(trace.traceId, trace)) {
            inFlight.decrementAndGet();
        }
    }

    private static boolean isLocalRoot(SpanContext parent) {
        return !parent.isValid() || parent.isRemote();
    }

    private void sweepIfDue(long now) {
        if (now - nextSweepNanos < 0 || !sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            nextSweepNanos = now + Math.min(SWEEP_NANOS, maxAgeNanos);
            for (LocalTrace trace : traces.values()) {
                if (now - trace.createdNanos < maxAgeNanos) {
                    continue;
                }
                List<ReadableSpan> exports = null;
                synchronized (trace) {
                    if (trace.removed) {
                        continue;
                    }
                    if (!trace.decided) {
                        earlyByAge.increment();
                        exports = decide(trace, false);
                    }
                    remove(trace);
                }
                export(exports, null, trace);
            }
        } finally {
            sweeping.set(false);
        }
    }

    /**
     * Decides every local trace older than the age bound now, as the periodic sweep does (for tests and for
     * programs that want a sweep at a time of their choosing).
     */
    public void sweep() {
        nextSweepNanos = clock.getAsLong();
        sweepIfDue(clock.getAsLong());
    }

    /**
     * What has been decided so far and what is buffered now.
     *
     * @return the statistics
     */
    public TailSamplingStats stats() {
        Map<KeepReason, Long> byReason = new EnumMap<>(KeepReason.class);
        for (KeepReason reason : KeepReason.values()) {
            byReason.put(reason, kept[reason.ordinal()].sum());
        }
        return new TailSamplingStats(decided.sum(), byReason, dropped.sum(), earlyBySpans.sum(), earlyByBytes.sum(),
                earlyByAge.sum(), untracked.sum(), inFlight.get(), bufferedSpans.get(), bufferedBytes.get());
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** Decides every buffered trace on what it has shown, then shuts the downstream processor down. */
    @Override
    public CompletableResultCode shutdown() {
        for (LocalTrace trace : new ArrayList<>(traces.values())) {
            List<ReadableSpan> exports = null;
            synchronized (trace) {
                if (trace.removed) {
                    continue;
                }
                if (!trace.decided) {
                    exports = decide(trace, false);
                }
                remove(trace);
            }
            export(exports, null, trace);
        }
        return downstream.shutdown();
    }

    /** Flushes the downstream processor; traces still in flight stay buffered. */
    @Override
    public CompletableResultCode forceFlush() {
        return downstream.forceFlush();
    }

    @Override
    public String toString() {
        return "TailSamplingSpanProcessor{downstream=" + downstream + ", slow=" + (slowNanos == Long.MAX_VALUE ? "off"
                : Duration.ofNanos(slowNanos)) + ", p99=" + slowerThanP99 + ", maxTraces=" + maxTraces
                + ", maxSpansPerTrace=" + maxSpans + ", maxBytes=" + maxBytes + ", maxAge="
                + Duration.ofNanos(maxAgeNanos) + "}";
    }

    /** The spans of one trace under its local roots in this process, until decided. Guarded by itself. */
    private static final class LocalTrace {
        final String traceId;
        final long createdNanos;
        /** Once decided: why it is kept, or null if dropped. */
        KeepReason decision;
        boolean decided;
        boolean removed;
        int roots;
        int open;
        int started;
        /** The ended spans held, made on the first; null once decided. */
        List<ReadableSpan> spans;
        long bytes;
        /** The part of {@link #bytes} held as the SDK's spans themselves. */
        long held;
        boolean headSampled;
        boolean rootFailed;
        boolean failedSpan;
        boolean retried;
        boolean fellBack;
        boolean sloBad;
        long rootNanos = -1;
        String rootPrimitive;
        String workflowName;
        /** Under this trace's lock: the estimates of its spans. */
        final BufferedSpan.Estimate estimate = new BufferedSpan.Estimate();

        LocalTrace(String traceId, long createdNanos) {
            this.traceId = traceId;
            this.createdNanos = createdNanos;
        }
    }

    /** Builds a {@link TailSamplingSpanProcessor}. */
    public static final class Builder {
        private final SpanProcessor downstream;
        private Duration slowThreshold;
        private boolean slowerThanP99 = true;
        private LatencyBaseline baseline = LatencyBaseline.runtime();
        private Predicate<String> anomalyActive = workflow -> workflow != null
                && WorkflowTelemetry.isAnomalyActiveInWorkflow(workflow);
        private int maxTraces = DEFAULT_MAX_TRACES;
        private int maxSpans = DEFAULT_MAX_SPANS_PER_TRACE;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private LongSupplier clock = System::nanoTime;

        private Builder(SpanProcessor downstream) {
            this.downstream = downstream;
        }

        /**
         * Applies the options of an {@code OTEL_TRACES_SAMPLER_ARG} value (its rules are the sampler's):
         * {@code slow=2s} (the slow threshold), {@code p99=on|off}, {@code max.traces=N}, {@code max.spans=N},
         * {@code max.bytes=64mb} and {@code max.age=30s}.
         *
         * @param argument the value, as for {@link WorkflowSampler#parse(String)}
         * @return this
         * @throws IllegalArgumentException naming the part of the value that is wrong
         */
        public Builder apply(String argument) {
            SamplerArgument.parse(argument).applyTo(this);
            return this;
        }

        /**
         * Keeps every run whose local root took at least this long (off by default).
         *
         * @param threshold the threshold, positive
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder slowThreshold(Duration threshold) {
            if (threshold == null || threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("slow threshold must be positive, was " + threshold);
            }
            this.slowThreshold = threshold;
            return this;
        }

        /**
         * Keeps every run whose local root took longer than its primitive's recent p99 (on by default).
         *
         * @param enabled whether to
         * @return this
         */
        public Builder slowerThanRecentP99(boolean enabled) {
            this.slowerThanP99 = enabled;
            return this;
        }

        /**
         * Where the recent p99 comes from (default {@link LatencyBaseline#runtime()}).
         *
         * @param baseline the baseline
         * @return this
         */
        public Builder latencyBaseline(LatencyBaseline baseline) {
            this.baseline = Objects.requireNonNull(baseline, "baseline must not be null");
            return this;
        }

        /**
         * The anomaly signal: runs of a workflow for which it answers true when they end are kept. By default the
         * runtime's anomaly detection answers ({@code WorkflowTelemetry.isAnomalyActiveInWorkflow}): while an anomaly
         * is open for a primitive that ran in the workflow, its runs are kept.
         *
         * @param anomalyActive tested with the run's {@code workflow.name} (null when the root has none)
         * @return this
         */
        public Builder anomalyActive(Predicate<String> anomalyActive) {
            this.anomalyActive = Objects.requireNonNull(anomalyActive, "anomalyActive must not be null");
            return this;
        }

        /**
         * The most local traces buffered at once (default {@value #DEFAULT_MAX_TRACES}).
         *
         * @param maxTraces at least 1
         * @return this
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxTraces(int maxTraces) {
            this.maxTraces = positive("maxTraces", maxTraces);
            return this;
        }

        /**
         * The most spans a trace may start before it is decided early (default
         * {@value #DEFAULT_MAX_SPANS_PER_TRACE}).
         *
         * @param maxSpans at least 1
         * @return this
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxSpansPerTrace(int maxSpans) {
            this.maxSpans = positive("maxSpansPerTrace", maxSpans);
            return this;
        }

        /**
         * The estimated size of the buffer past which the growing trace is decided early (default 64 MiB).
         *
         * @param maxBytes at least 1
         * @return this
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * How long a trace may stay buffered before it is decided anyway (default 30 s).
         *
         * @param maxAge at least a millisecond
         * @return this
         * @throws IllegalArgumentException if shorter
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge == null || maxAge.toMillis() < 1) {
                throw new IllegalArgumentException("maxAge must be at least 1 ms, was " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * The clock of the age bound, in nanoseconds (default {@link System#nanoTime()}); for tests.
         *
         * @param nanoClock the clock
         * @return this
         */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = Objects.requireNonNull(nanoClock, "clock must not be null");
            return this;
        }

        /**
         * Builds the processor.
         *
         * @return the processor
         */
        public TailSamplingSpanProcessor build() {
            return new TailSamplingSpanProcessor(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
            return value;
        }
    }
}
