package dev.tta.workflow.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkflowSamplerTest {

    private static final SplittableRandom RANDOM = new SplittableRandom(7);

    static String traceId() {
        return String.format("%016x%016x", RANDOM.nextLong(), RANDOM.nextLong() | 1);
    }

    static SamplingResult root(WorkflowSampler sampler, String traceId, String workflow) {
        Attributes attributes = workflow == null ? Attributes.empty()
                : Attributes.of(TelemetryNames.WORKFLOW_NAME, workflow);
        return sampler.shouldSample(Context.root(), traceId, "root", SpanKind.INTERNAL, attributes, List.of());
    }

    @Test
    void perWorkflowRulesWithConsistentThresholds() {
        WorkflowSampler sampler = WorkflowSampler.parse("checkout=100%, health*=0, *=10%").build();
        int checkout = 0;
        int health = 0;
        int other = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            String id = traceId();
            SamplingResult c = root(sampler, id, "checkout");
            if (c.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
                checkout++;
                assertEquals("th:0", c.getUpdatedTraceState(TraceState.getDefault()).get("ot"));
            }
            if (root(sampler, id, "health-check").getDecision() != SamplingDecision.DROP) {
                health++;
            }
            SamplingResult o = root(sampler, id, "search");
            if (o.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
                other++;
                assertEquals("th:e6666666666666", o.getUpdatedTraceState(TraceState.getDefault()).get("ot"));
                // Consistent: the same trace is sampled at any higher probability too.
                assertTrue(Thresholds.randomness(id, TraceState.getDefault()) >= Thresholds.ofProbability(0.1));
            }
        }
        assertEquals(n, checkout);
        assertEquals(0, health);
        assertEquals(0.1, other / (double) n, 0.005);
        assertEquals(1.0, sampler.probability("checkout"));
        assertEquals(0.0, sampler.probability("health-db"));
        assertEquals(0.1, sampler.probability(null), 1e-12);
        assertEquals("WorkflowSampler{rules=[checkout=100%, health*=0%, *=10%]}", sampler.getDescription());
    }

    @Test
    void rootsNoRuleMatchesAreSampledAndABareRateIsTheDefault() {
        WorkflowSampler exact = WorkflowSampler.builder().rule("checkout", 0).build();
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, root(exact, traceId(), "search").getDecision());
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, root(exact, traceId(), null).getDecision());
        assertEquals(SamplingDecision.DROP, root(exact, traceId(), "checkout").getDecision());
        assertEquals(0.5, WorkflowSampler.parse("0.5").build().probability("x"));
        assertEquals(1.0, WorkflowSampler.parse(null).build().probability("x"));
        assertEquals(1.0, WorkflowSampler.parse("  ").build().probability("x"));
    }

    @Test
    void childrenFollowTheirParentAndKeepItsTraceState() {
        WorkflowSampler sampler = WorkflowSampler.parse("*=0").build();
        TraceState state = TraceState.builder().put("ot", "th:c").build();
        SpanContext sampledParent = SpanContext.createFromRemoteParent(traceId(), "00f067aa0ba902b7",
                TraceFlags.getSampled(), state);
        SamplingResult child = sampler.shouldSample(Context.root().with(Span.wrap(sampledParent)),
                sampledParent.getTraceId(), "child", SpanKind.SERVER, Attributes.empty(), List.of());
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, child.getDecision());
        assertSame(state, child.getUpdatedTraceState(state));
        SpanContext unsampledParent = SpanContext.create(traceId(), "00f067aa0ba902b7", TraceFlags.getDefault(),
                TraceState.getDefault());
        assertEquals(SamplingDecision.DROP, sampler.shouldSample(Context.root().with(Span.wrap(unsampledParent)),
                unsampledParent.getTraceId(), "child", SpanKind.INTERNAL, Attributes.empty(), List.of())
                .getDecision());
        WorkflowSampler tail = WorkflowSampler.parse("*=0; tail").build();
        assertTrue(tail.recordsUnsampled());
        assertEquals(SamplingDecision.RECORD_ONLY, tail.shouldSample(Context.root().with(Span.wrap(unsampledParent)),
                unsampledParent.getTraceId(), "child", SpanKind.INTERNAL, Attributes.empty(), List.of())
                .getDecision());
        assertEquals(SamplingDecision.RECORD_ONLY, root(tail, traceId(), "x").getDecision());
        assertTrue(tail.getDescription().contains("recordUnsampled"));
    }

    @Test
    void aSampledRootUnderAnExistingTraceStateKeepsItsOtherEntries() {
        WorkflowSampler sampler = WorkflowSampler.parse("*=25%").build();
        String id;
        SamplingResult result;
        do {
            id = traceId();
            result = root(sampler, id, "w");
        } while (result.getDecision() != SamplingDecision.RECORD_AND_SAMPLE);
        TraceState parent = TraceState.builder().put("vendor", "v").build();
        TraceState updated = result.getUpdatedTraceState(parent);
        assertEquals("th:c", updated.get("ot"));
        assertEquals("v", updated.get("vendor"));
        assertTrue(result.getAttributes().isEmpty());
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        assertMessage("rule 1 'checkout=abc': 'abc' is not a rate; use a probability (0.25 or 25%) or a target of "
                + "kept traces per workflow (5/s or 30/min)", "checkout=abc");
        assertMessage("rule 2 'x=150%': the probability '150%' must be from 0 to 1 (or 0% to 100%)",
                "checkout=1, x=150%");
        assertMessage("rule 2 is empty in 'a=1,,b=2'; rules are separated by commas, options come after a ';'",
                "a=1,,b=2");
        assertMessage("rule 1 '=0.5' has no workflow pattern before '='", "=0.5");
        assertMessage("rule 1 'x=0/s': the target '0/s' must be above 0", "x=0/s");
        assertMessage("unknown option 'tial'; known options: adapt, max.age, max.bytes, max.spans, max.traces, p99, "
                + "slow, tail", "*=0.1; tial");
        assertMessage("option slow=fast: not a positive duration; use for example 500ms, 2s or 1m", "*=1;slow=fast");
        assertMessage("option tail=maybe: use on or off", "*=1;tail=maybe");
        assertMessage("option max.traces=0: not a whole number of at least 1", "*=1;max.traces=0");
        assertMessage("option max.bytes=lots: not a size; use for example 65536, 512kb or 64mb", "*=1;max.bytes=lots");
        assertThrows(IllegalArgumentException.class, () -> WorkflowSampler.builder().rule(" ", 0.5));
        assertThrows(IllegalArgumentException.class, () -> WorkflowSampler.builder().rule("x", 2));
        assertThrows(IllegalArgumentException.class, () -> WorkflowSampler.builder().adaptiveRule("x", -1));
        assertThrows(IllegalArgumentException.class,
                () -> WorkflowSampler.builder().adaptationTime(Duration.ZERO));
    }

    @Test
    void optionsAreParsed() {
        SamplerArgument argument = SamplerArgument.parse("a=30/min, b=2/s; adapt=1.5s; tail=on; slow=250ms; p99=off; "
                + "max.traces=1_000; max.spans=10; max.bytes=2mb; max.age=1m");
        assertTrue(argument.tail());
        WorkflowSampler sampler = argument.samplerBuilder().build();
        assertEquals("WorkflowSampler{rules=[a=0.5/s, b=2/s], recordUnsampled}", sampler.getDescription());
        TailSamplingSpanProcessor.Builder builder = TailSamplingSpanProcessor.builder(
                io.opentelemetry.sdk.trace.SpanProcessor.composite());
        argument.applyTo(builder);
        assertEquals("TailSamplingSpanProcessor{downstream=NoopSpanProcessor{}, slow=PT0.25S, p99=false, "
                + "maxTraces=1000, maxSpansPerTrace=10, maxBytes=2097152, maxAge=PT1M}", builder.build().toString());
        assertFalse(SamplerArgument.parse("*=1; tail=off").tail());
        assertEquals(1024, SamplerArgument.bytes("k", "1kb"));
        assertEquals(1L << 30, SamplerArgument.bytes("k", "1gb"));
        assertEquals(Duration.ofSeconds(2), SamplerArgument.duration("k", "2s"));
    }

    private static void assertMessage(String expected, String argument) {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> WorkflowSampler.parse(argument));
        assertEquals(expected, thrown.getMessage());
    }
}
