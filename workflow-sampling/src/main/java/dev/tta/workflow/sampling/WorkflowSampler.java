package dev.tta.workflow.sampling;

import dev.tta.workflow.spi.WorkflowNames;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The head sampler: consistent probability sampling as the OpenTelemetry specification defines it, with
 * per-workflow rules, parent-based for children.
 *
 * <ul>
 *   <li>A span with a parent (local or remote) follows the parent's decision and inherits its {@code tracestate}.
 *   <li>A root span is matched against the rules, in order, by its workflow's name (read from the parent context the
 *       runtime gives every span builder, or from a {@code workflow.name} attribute on the builder). The first matching rule gives a probability, fixed or
 *       adaptive; a root without a rule is sampled.
 *   <li>The decision is consistent: 56 bits of randomness from the trace id (or an explicit {@code rv}) against a
 *       56-bit rejection threshold; a sampled root carries the threshold as {@code th} in the {@code ot} entry of
 *       {@code tracestate}, so other services and a Collector's probabilistic sampler agree with it and backends can
 *       weigh each span by its adjusted count.
 *   <li>An adaptive rule aims at a number of kept traces per second per workflow (see {@link AdaptiveRate}), never
 *       below one trace per workflow per minute: when a minute passes without one, the next root is kept, with
 *       {@link #FLOOR_ATTRIBUTE} and without {@code th} (its adjusted count is unknown).
 *   <li>With {@link Builder#recordUnsampled(boolean)} (tail sampling), unsampled spans are still recorded
 *       ({@code RECORD_ONLY}) so that a {@link TailSamplingSpanProcessor} can keep the runs that matter; the
 *       propagated sampled flag stays the head decision.
 * </ul>
 *
 * <p>Configure it in code with {@link #builder()}, or with {@code OTEL_TRACES_SAMPLER=tta_workflow} and a rule list
 * in {@code OTEL_TRACES_SAMPLER_ARG} (see {@link #parse(String)}). Thread-safe.
 */
public final class WorkflowSampler implements Sampler {

    /** Span attribute of a root kept by the one-per-minute floor of an adaptive rule: {@code true}. */
    public static final AttributeKey<Boolean> FLOOR_ATTRIBUTE =
            AttributeKey.booleanKey("workflow.sampling.floor");

    /** The default smoothing time constant of adaptive rules. */
    public static final Duration DEFAULT_ADAPTATION_TIME = Duration.ofSeconds(5);

    /** How many workflow names get adaptive state of their own; further names share one per rule. */
    static final int MAX_WORKFLOWS = 1_000;

    private static final long FLOOR_NANOS = 60_000_000_000L;

    private final List<Rule> rules;
    private final boolean recordUnsampled;
    private final LongSupplier clock;
    private final long adaptationNanos;
    private final Target unmatched;
    private final ConcurrentHashMap<String, Target> byWorkflow = new ConcurrentHashMap<>();
    private final SamplingResult notSampled;

    private WorkflowSampler(Builder builder) {
        this.recordUnsampled = builder.recordUnsampled;
        this.clock = builder.clock;
        this.adaptationNanos = builder.adaptationTime.toNanos();
        this.rules = builder.rules.stream().map(Rule::copy).toList();
        this.unmatched = new Target(null, Thresholds.ALWAYS);
        this.notSampled = recordUnsampled ? SamplingResult.recordOnly() : SamplingResult.drop();
        for (Rule rule : rules) {
            rule.shared = rule.isAdaptive() ? newAdaptive(rule) : new Target(null, Thresholds.ofProbability(
                    rule.probability));
        }
    }

    /**
     * A builder with no rules (every root sampled until rules are added).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with the rules of an {@code OTEL_TRACES_SAMPLER_ARG} value, and its adaptation time and tail switch.
     * The syntax, rules first, then options after semicolons:
     *
     * <pre>
     * checkout=100%, health*=0, *=10%        checkout always, health checks never, everything else 10 %
     * support=20/s, *=0.05; adapt=10s         support: 20 kept traces per second (adaptive), others 5 %
     * *=10%; tail; slow=2s; max.traces=20000  10 % head rate plus tail sampling in process
     * </pre>
     *
     * <p>A rule is {@code pattern=rate}; a bare rate means {@code *=rate}. A pattern is a workflow name in which
     * {@code *} matches any characters; a root without {@code workflow.name} matches only {@code *}. A rate is a
     * probability ({@code 0.1} or {@code 10%}) or a target of kept traces per workflow ({@code 5/s}, {@code 30/min}).
     * The first matching rule applies; roots no rule matches are sampled. The options are described by
     * {@link TailSamplingSpanProcessor.Builder#apply(String)}, plus {@code adapt=} (the smoothing time constant of
     * adaptive rules, default 5s) and {@code tail} (record unsampled spans for the tail processor).
     *
     * @param argument the value; null or blank means "sample every root"
     * @return a builder with the rules and options set
     * @throws IllegalArgumentException naming the part of the value that is wrong
     */
    public static Builder parse(String argument) {
        return SamplerArgument.parse(argument).samplerBuilder();
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        SpanContext parent = Span.fromContext(parentContext).getSpanContext();
        if (parent.isValid()) {
            return parent.isSampled() ? SamplingResult.recordAndSample() : notSampled;
        }
        // Roots of workflow steps carry their workflow in the parent context; other spans may say it in attributes.
        String workflow = WorkflowNames.of(parentContext);
        if (workflow == null) {
            workflow = attributes.get(TelemetryNames.WORKFLOW_NAME);
        }
        Target target = target(workflow);
        return target.decide(traceId, clock.getAsLong());
    }

    /**
     * The probability roots of this workflow are sampled with now (adaptive rules change it over time).
     *
     * @param workflowName the workflow, or null for roots without {@code workflow.name}
     * @return the probability, 0 to 1
     */
    public double probability(String workflowName) {
        return Thresholds.probability(target(workflowName).decision.threshold);
    }

    /**
     * Whether unsampled spans are recorded for a tail sampler.
     *
     * @return true in tail mode
     */
    public boolean recordsUnsampled() {
        return recordUnsampled;
    }

    @Override
    public String getDescription() {
        List<String> described = new ArrayList<>();
        rules.forEach(rule -> described.add(rule.toString()));
        return "WorkflowSampler{rules=" + described + (recordUnsampled ? ", recordUnsampled" : "") + "}";
    }

    @Override
    public String toString() {
        return getDescription();
    }

    private Target target(String workflowName) {
        if (workflowName == null) {
            for (Rule rule : rules) {
                if (rule.matchesAll()) {
                    return rule.shared;
                }
            }
            return unmatched;
        }
        Target known = byWorkflow.get(workflowName);
        if (known != null) {
            return known;
        }
        Rule rule = null;
        for (Rule candidate : rules) {
            if (candidate.matches(workflowName)) {
                rule = candidate;
                break;
            }
        }
        Target target = rule == null ? unmatched : rule.shared;
        if (rule != null && rule.isAdaptive() && byWorkflow.size() < MAX_WORKFLOWS) {
            target = newAdaptive(rule);
        }
        if (byWorkflow.size() >= MAX_WORKFLOWS) {
            return target;
        }
        Target raced = byWorkflow.putIfAbsent(workflowName, target);
        return raced != null ? raced : target;
    }

    private Target newAdaptive(Rule rule) {
        Target target = new Target(null, Thresholds.ALWAYS);
        target.adaptive = new AdaptiveRate(rule.tracesPerSecond, adaptationNanos, clock.getAsLong(),
                probability -> target.decision = Decision.of(Thresholds.ofProbability(probability)));
        return target;
    }

    /** The decision state of one rule, or of one workflow under an adaptive rule. */
    private final class Target {
        volatile Decision decision;
        volatile long lastSampledNanos;
        AdaptiveRate adaptive;

        Target(AdaptiveRate adaptive, long threshold) {
            this.adaptive = adaptive;
            this.decision = Decision.of(threshold);
            this.lastSampledNanos = clock.getAsLong();
        }

        SamplingResult decide(String traceId, long now) {
            AdaptiveRate rate = adaptive;
            if (rate != null) {
                rate.arrived(now);
            }
            Decision current = decision;
            if (current.threshold < Thresholds.NEVER
                    && Thresholds.randomness(traceId, TraceState.getDefault()) >= current.threshold) {
                if (rate != null) {
                    lastSampledNanos = now;
                }
                return current.sampled;
            }
            if (rate != null && now - lastSampledNanos >= FLOOR_NANOS) {
                lastSampledNanos = now;
                return Decision.FLOOR;
            }
            return notSampled;
        }
    }

    /** A threshold and the result that writes it. */
    private record Decision(long threshold, SamplingResult sampled) {
        static final SamplingResult FLOOR = new ThresholdResult(-1, Attributes.of(FLOOR_ATTRIBUTE, true));

        static Decision of(long threshold) {
            return new Decision(threshold, new ThresholdResult(threshold, Attributes.empty()));
        }
    }

    /** A sampled result whose trace state carries {@code th} (or, for a negative threshold, none). */
    private static final class ThresholdResult implements SamplingResult {
        private final long threshold;
        private final Attributes attributes;
        private final TraceState rootState;

        ThresholdResult(long threshold, Attributes attributes) {
            this.threshold = threshold;
            this.attributes = attributes;
            this.rootState = Thresholds.withThreshold(TraceState.getDefault(), threshold);
        }

        @Override
        public SamplingDecision getDecision() {
            return SamplingDecision.RECORD_AND_SAMPLE;
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public TraceState getUpdatedTraceState(TraceState parentTraceState) {
            return parentTraceState.isEmpty() ? rootState : Thresholds.withThreshold(parentTraceState, threshold);
        }
    }

    /** One rule: a workflow-name pattern and a probability or a target rate. */
    static final class Rule {
        final String pattern;
        final double probability;
        final double tracesPerSecond;
        final String rate;
        private final Pattern compiled;
        Target shared;

        Rule(String pattern, double probability, double tracesPerSecond, String rate) {
            this.pattern = pattern;
            this.probability = probability;
            this.tracesPerSecond = tracesPerSecond;
            this.rate = rate;
            this.compiled = pattern.contains("*") ? glob(pattern) : null;
        }

        Rule copy() {
            return new Rule(pattern, probability, tracesPerSecond, rate);
        }

        boolean isAdaptive() {
            return tracesPerSecond > 0;
        }

        boolean matchesAll() {
            return "*".equals(pattern);
        }

        boolean matches(String workflowName) {
            return compiled == null ? pattern.equals(workflowName) : compiled.matcher(workflowName).matches();
        }

        private static Pattern glob(String pattern) {
            StringBuilder regex = new StringBuilder();
            for (String literal : pattern.split("\\*", -1)) {
                if (regex.length() > 0) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(literal));
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }

        @Override
        public String toString() {
            return pattern + "=" + rate;
        }
    }

    /** Builds a {@link WorkflowSampler}. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private boolean recordUnsampled;
        private Duration adaptationTime = DEFAULT_ADAPTATION_TIME;
        private LongSupplier clock = System::nanoTime;

        private Builder() {
        }

        /**
         * Adds a rule: roots of workflows matching the pattern are sampled with this probability. Rules apply in
         * the order added; the first match wins.
         *
         * @param pattern a workflow name; {@code *} matches any characters, {@code "*"} alone every root
         * @param probability from 0 (never) to 1 (always)
         * @return this
         * @throws IllegalArgumentException if the pattern is blank or the probability is outside 0..1
         */
        public Builder rule(String pattern, double probability) {
            checkPattern(pattern);
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability of rule '" + pattern + "' must be from 0 to 1, was "
                        + probability);
            }
            rules.add(new Rule(pattern.strip(), probability, 0, SamplerArgument.percent(probability)));
            return this;
        }

        /**
         * Adds an adaptive rule: each workflow matching the pattern is sampled with the probability that keeps about
         * this many of its traces per second, at least one per minute.
         *
         * @param pattern a workflow name; {@code *} matches any characters
         * @param tracesPerSecond the target, above 0
         * @return this
         * @throws IllegalArgumentException if the pattern is blank or the target is not positive and finite
         */
        public Builder adaptiveRule(String pattern, double tracesPerSecond) {
            checkPattern(pattern);
            if (!(tracesPerSecond > 0 && tracesPerSecond < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("target of rule '" + pattern
                        + "' must be a positive number of traces per second, was " + tracesPerSecond);
            }
            rules.add(new Rule(pattern.strip(), 0, tracesPerSecond, SamplerArgument.number(tracesPerSecond) + "/s"));
            return this;
        }

        /**
         * The time constant of the exponential smoothing of adaptive rules (default 5 s): after a load step, the
         * kept rate is within 20 % of the target after about 3.6 time constants.
         *
         * @param adaptationTime the time constant, at least a millisecond
         * @return this
         * @throws IllegalArgumentException if shorter than a millisecond
         */
        public Builder adaptationTime(Duration adaptationTime) {
            if (adaptationTime == null || adaptationTime.toMillis() < 1) {
                throw new IllegalArgumentException("adaptation time must be at least 1 ms, was " + adaptationTime);
            }
            this.adaptationTime = adaptationTime;
            return this;
        }

        /**
         * Records unsampled spans ({@code RECORD_ONLY}) for a {@link TailSamplingSpanProcessor}; off by default.
         *
         * @param recordUnsampled whether to record them
         * @return this
         */
        public Builder recordUnsampled(boolean recordUnsampled) {
            this.recordUnsampled = recordUnsampled;
            return this;
        }

        /**
         * The clock of adaptive rules, in nanoseconds (default {@link System#nanoTime()}); for tests.
         *
         * @param nanoClock the clock
         * @return this
         */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = Objects.requireNonNull(nanoClock, "clock must not be null");
            return this;
        }

        /**
         * Builds the sampler.
         *
         * @return the sampler
         */
        public WorkflowSampler build() {
            return new WorkflowSampler(this);
        }

        private static void checkPattern(String pattern) {
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException("a rule's workflow pattern must not be blank");
            }
        }
    }
}
