package dev.tta.workflow.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.Backoff;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real workflows on the runtime with the sampler and the tail processor: the reasons the runtime gives (failure,
 * retry, fallback, bad SLO event), whole traces, and metrics, percentiles, SLOs and cost that count every execution
 * whatever is sampled.
 */
class RuntimeSamplingTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    /** Every span recorded, per trace, whether kept or not. */
    private final Map<String, AtomicInteger> recorded = new ConcurrentHashMap<>();
    private OpenTelemetrySdk sdk;

    @AfterEach
    void tearDown() {
        WorkflowTelemetry.useGlobal();
        if (sdk != null) {
            sdk.close();
        }
    }

    private TailSamplingSpanProcessor install(String argument, boolean tail) {
        SpanProcessor counting = SimulatedRuns.onEnd(span -> recorded.computeIfAbsent(
                span.getSpanContext().getTraceId(), id -> new AtomicInteger()).incrementAndGet());
        TailSamplingSpanProcessor processor = tail
                ? TailSamplingSpanProcessor.builder(SimpleSpanProcessor.create(exported)).apply(argument).build()
                : null;
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setSampler(WorkflowSampler.parse(argument).build())
                        .addSpanProcessor(counting)
                        .addSpanProcessor(tail ? processor : SimpleSpanProcessor.create(exported))
                        .build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        WorkflowTelemetry.install(sdk);
        return processor;
    }

    /** A step written as the annotation processor writes one. */
    private static final class Step extends WorkflowPrimitive<Integer, Integer> {
        private final PrimitiveTelemetry telemetry;
        private final Body body;

        Step(String name, Body body, ServiceLevelObjective... objectives) {
            this.telemetry = PrimitiveTelemetry.forStep(name, Step.class, objectives);
            this.body = body;
        }

        @Override
        public Integer execute(Integer input, WorkflowContext context) throws Exception {
            Invocation invocation = telemetry.begin(context, input);
            try {
                return invocation.returned(body.apply(input, invocation.context()));
            } catch (Throwable failure) {
                invocation.fail(failure);
                throw failure;
            } finally {
                invocation.end();
            }
        }
    }

    @FunctionalInterface
    private interface Body {
        Integer apply(Integer input, WorkflowContext context) throws Exception;
    }

    private enum Kind { PLAIN, RETRIED, FELL_BACK, FAILED, SLO_BAD }

    private static Kind kind(int run) {
        return switch (run % 50) {
            case 0 -> Kind.RETRIED;
            case 1 -> Kind.FELL_BACK;
            case 2 -> Kind.FAILED;
            case 3 -> Kind.SLO_BAD;
            default -> Kind.PLAIN;
        };
    }

    @Test
    void keepsWhatTheRuntimeMarksAndCountsEveryExecution() throws Exception {
        TailSamplingSpanProcessor tail = install("rt-checkout=10%; tail; p99=off", true);
        Map<Integer, Integer> chargeCalls = new HashMap<>();
        WorkflowPrimitive<Integer, Integer> validate = new Step("rt-Validate", (run, context) -> {
            context.recordCost(Cost.tokens("model-a", 10, 5));
            if (kind(run) == Kind.FAILED) {
                throw new IllegalStateException("invalid");
            }
            return run;
        });
        WorkflowPrimitive<Integer, Integer> charge = new Step("rt-Charge", (run, context) -> {
            if (kind(run) == Kind.RETRIED && chargeCalls.merge(run, 1, Integer::sum) == 1) {
                throw new IllegalStateException("declined once");
            }
            return run;
        });
        WorkflowPrimitive<Integer, Integer> ship = new Step("rt-Ship", (run, context) -> {
            if (kind(run) == Kind.FELL_BACK) {
                throw new IllegalStateException("no carrier");
            }
            return run;
        });
        WorkflowPrimitive<Integer, Integer> shipLater = new Step("rt-ShipLater", (run, context) -> run);
        WorkflowPrimitive<Integer, Integer> notify = new Step("rt-Notify", (run, context) -> {
            if (kind(run) == Kind.SLO_BAD) {
                Thread.sleep(30);
            }
            return run;
        }, ServiceLevelObjective.latency(0.99, Duration.ofMillis(20)));
        WorkflowPrimitive<Integer, Integer> checkout = Workflows.sequence(validate,
                Workflows.<Integer, Integer>retry(charge, 2, Backoff.none()),
                Workflows.<Integer, Integer>fallback(ship, shipLater), notify).named("rt-checkout-flow");

        int runs = 2_000;
        Map<String, Kind> byWorkflowId = new HashMap<>();
        long inputTokens = 0;
        for (int run = 0; run < runs; run++) {
            WorkflowContext context = WorkflowContext.start("rt-checkout");
            byWorkflowId.put(context.workflowId(), kind(run));
            try {
                checkout.execute(run, context);
            } catch (IllegalStateException expected) {
                assertEquals(Kind.FAILED, kind(run));
            }
            inputTokens += context.cost().inputTokens();
        }

        Map<String, List<SpanData>> traces = exported.getFinishedSpanItems().stream()
                .collect(Collectors.groupingBy(SpanData::getTraceId));
        Map<Kind, Integer> kept = new HashMap<>();
        for (Map.Entry<String, List<SpanData>> trace : traces.entrySet()) {
            assertEquals(recorded.get(trace.getKey()).get(), trace.getValue().size(), "not whole: " + trace.getKey());
            SpanData root = trace.getValue().stream().filter(span -> !span.getParentSpanContext().isValid())
                    .findFirst().orElseThrow();
            Kind kind = byWorkflowId.get(root.getAttributes().get(TelemetryNames.WORKFLOW_ID));
            String reason = root.getAttributes().get(KeepReason.ATTRIBUTE);
            String expected = switch (kind) {
                case RETRIED -> "retry";
                case FELL_BACK -> "fallback";
                case FAILED -> "error";
                case SLO_BAD -> "slo";
                case PLAIN -> "head";
            };
            if (kind == Kind.PLAIN && "slo".equals(reason)) {
                // On a busy machine a plain run can be slow too: then its SLO event was bad, and it says so.
                assertTrue(trace.getValue().stream().anyMatch(span -> TelemetryNames.SLO_RESULT_BAD.equals(
                        span.getAttributes().get(TelemetryNames.SLO_RESULT))));
                continue;
            }
            assertEquals(expected, reason, kind + " run");
            assertTrue(trace.getValue().stream().allMatch(span ->
                    Objects.equals(reason, span.getAttributes().get(KeepReason.ATTRIBUTE))));
            kept.merge(kind, 1, Integer::sum);
        }
        int special = runs / 50;
        assertEquals(special, kept.get(Kind.RETRIED));
        assertEquals(special, kept.get(Kind.FELL_BACK));
        assertEquals(special, kept.get(Kind.FAILED));
        assertEquals(special, kept.get(Kind.SLO_BAD));
        double plainShare = kept.get(Kind.PLAIN) / (double) (runs - 4 * special);
        assertEquals(0.10, plainShare, 0.03);
        assertEquals(runs, tail.stats().decided());

        // Every execution counted, kept or dropped: HdrHistogram percentiles, the duration metric, SLOs, cost.
        assertEquals(runs, WorkflowTelemetry.latency("rt-Validate").count());
        assertEquals(runs, WorkflowTelemetry.latency("rt-checkout-flow").count());
        assertEquals(runs - special, WorkflowTelemetry.latency("rt-Notify").count());
        assertEquals(runs - special, WorkflowTelemetry.sloStatus("rt-Notify", "latency-20ms").total());
        assertTrue(WorkflowTelemetry.sloStatus("rt-Notify", "latency-20ms").bad() >= special);
        assertEquals(10L * runs, inputTokens);
        List<MetricData> collected = List.copyOf(metrics.collectAllMetrics());
        assertEquals(runs, histogramCount(collected, TelemetryNames.DURATION_METRIC, "rt-Validate"));
        assertEquals(runs, histogramCount(collected, TelemetryNames.DURATION_METRIC, "rt-checkout-flow"));
        assertEquals(runs, histogramCount(collected, TelemetryNames.GEN_AI_TOKEN_USAGE_METRIC, "rt-Validate") / 2);
    }

    @Test
    void theSamplerSeesTheWorkflowNameWhenTheRootStarts() throws Exception {
        install("rt-health=0, rt-orders=100%", false);
        WorkflowPrimitive<Integer, Integer> step = new Step("rt-Probe", (run, context) -> run);
        for (int run = 0; run < 100; run++) {
            step.execute(run, WorkflowContext.start("rt-health"));
            step.execute(run, WorkflowContext.start("rt-orders"));
        }
        List<SpanData> spans = exported.getFinishedSpanItems();
        assertEquals(100, spans.size());
        assertTrue(spans.stream().allMatch(span ->
                "rt-orders".equals(span.getAttributes().get(TelemetryNames.WORKFLOW_NAME))
                        && "th:0".equals(span.getSpanContext().getTraceState().get("ot"))));
        // Unsampled runs are not even recorded, and still counted.
        assertEquals(100, recorded.size());
        assertEquals(200, WorkflowTelemetry.latency("rt-Probe").count());
    }

    private static long histogramCount(List<MetricData> metrics, String name, String primitive) {
        long count = 0;
        for (MetricData metric : metrics) {
            if (metric.getName().equals(name)) {
                for (HistogramPointData point : metric.getHistogramData().getPoints()) {
                    if (primitive.equals(point.getAttributes().get(TelemetryNames.PRIMITIVE_NAME))) {
                        count += point.getCount();
                    }
                }
            }
        }
        return count;
    }
}
