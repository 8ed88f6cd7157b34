package dev.tta.workflow.telemetry;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.Backoff;
import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.cost.CostSummary;
import dev.tta.workflow.internal.TelemetryRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cost recording and its roll-up, the report, and the window gauges. */
class CostAndReportTest {

    private static final AttributeKey<Double> USD = AttributeKey.doubleKey("workflow.cost.usd");

    @AfterEach
    void defaultWindow() {
        WorkflowTelemetry.configureWindow(Duration.ofSeconds(60), 6);
    }

    /** An LLM call costing 100 input and 20 output tokens and 0.01 USD, failing the first {@code failures} times. */
    private static WorkflowPrimitive<String, String> llm(String name, String model, int failures) {
        AtomicInteger calls = new AtomicInteger();
        return step(name, (String prompt, WorkflowContext context) -> {
            context.recordCost(Cost.tokens(model, 100, 20).withMoney(new BigDecimal("0.01"), "USD"));
            if (calls.incrementAndGet() <= failures) {
                throw new IOException("rate limited");
            }
            return prompt;
        });
    }

    @Test
    void costsRollUpThroughNestedParallelRetryAndFallbackToEveryAncestorAndTheRun() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowPrimitive<String, String> retried = Workflows.retry(llm("cost.retried", "model-a", 1))
                    .maxAttempts(2).backoff(Backoff.none()).build();
            WorkflowPrimitive<String, String> fallback = Workflows.fallback(llm("cost.broken", "model-b", 99),
                    llm("cost.backup", "model-b", 0));
            var workflow = Workflows.parallel(retried, fallback).named("cost.parallel");
            WorkflowContext context = WorkflowContext.start("cost");

            workflow.execute("q", context);

            // 2 attempts + 2 alternatives = 4 calls of 100/20 tokens and 0.01 USD each.
            CostSummary run = context.cost();
            assertEquals(400, run.inputTokens());
            assertEquals(80, run.outputTokens());
            assertEquals(0, new BigDecimal("0.04").compareTo(run.amount("USD")), run.toString());
            assertEquals(Set.of("model-a", "model-b"), run.models());

            SpanData root = telemetry.span("cost.parallel");
            assertEquals(400L, root.getAttributes().get(TelemetryNames.GEN_AI_INPUT_TOKENS));
            assertEquals(80L, root.getAttributes().get(TelemetryNames.GEN_AI_OUTPUT_TOKENS));
            assertEquals(0.04, root.getAttributes().get(USD), 1e-9);
            assertNull(root.getAttributes().get(TelemetryNames.GEN_AI_REQUEST_MODEL), "two models: none named");

            SpanData retry = telemetry.span("retry");
            assertEquals(200L, retry.getAttributes().get(TelemetryNames.GEN_AI_INPUT_TOKENS), "a retried call costs twice");
            assertEquals("model-a", retry.getAttributes().get(TelemetryNames.GEN_AI_REQUEST_MODEL));
            for (SpanData attempt : telemetry.childrenOf(retry)) {
                assertEquals(100L, attempt.getAttributes().get(TelemetryNames.GEN_AI_INPUT_TOKENS));
            }
            assertEquals(200L, telemetry.span("fallback").getAttributes().get(TelemetryNames.GEN_AI_INPUT_TOKENS),
                    "the failed alternative's tokens were spent too");
            assertEquals(100L, telemetry.span("cost.backup").getAttributes().get(TelemetryNames.GEN_AI_INPUT_TOKENS));

            Map<String, Long> tokens = new java.util.HashMap<>();
            for (HistogramPointData point : telemetry.metric(TelemetryNames.GEN_AI_TOKEN_USAGE_METRIC).orElseThrow()
                    .getHistogramData().getPoints()) {
                tokens.merge(point.getAttributes().get(TelemetryNames.GEN_AI_TOKEN_TYPE), (long) point.getSum(),
                        Long::sum);
                assertTrue(point.getAttributes().get(TelemetryNames.GEN_AI_REQUEST_MODEL).startsWith("model-"));
            }
            assertEquals(Map.of("input", 400L, "output", 80L), tokens);
            MetricData money = telemetry.metric(TelemetryNames.COST_METRIC).orElseThrow();
            double dollars = 0;
            for (DoublePointData point : money.getDoubleSumData().getPoints()) {
                assertEquals("USD", point.getAttributes().get(TelemetryNames.COST_CURRENCY));
                dollars += point.getValue();
            }
            assertEquals(0.04, dollars, 1e-9);
        }
    }

    @Test
    void routerRecordsCostPerRoute() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            var router = Workflows.router((String prompt) -> prompt.length() > 5 ? "large" : "small")
                    .route("small", llm("cost.small", "small-model", 0))
                    .route("large", llm("cost.large", "large-model", 0))
                    .named("cost.router")
                    .build();
            router.execute("hi", WorkflowContext.start("route"));
            router.execute("a long prompt", WorkflowContext.start("route"));
            router.execute("a longer prompt", WorkflowContext.start("route"));

            Map<String, Double> byRoute = new java.util.HashMap<>();
            for (DoublePointData point : telemetry.metric(TelemetryNames.ROUTER_COST_METRIC).orElseThrow()
                    .getDoubleSumData().getPoints()) {
                byRoute.merge(point.getAttributes().get(TelemetryNames.ROUTE), point.getValue(), Double::sum);
            }
            assertEquals(0.01, byRoute.get("small"), 1e-9);
            assertEquals(0.02, byRoute.get("large"), 1e-9);
            long largeInput = telemetry.metric(TelemetryNames.ROUTER_TOKENS_METRIC).orElseThrow().getLongSumData()
                    .getPoints().stream()
                    .filter(p -> "large".equals(p.getAttributes().get(TelemetryNames.ROUTE))
                            && "input".equals(p.getAttributes().get(TelemetryNames.GEN_AI_TOKEN_TYPE)))
                    .mapToLong(p -> p.getValue()).sum();
            assertEquals(200, largeInput);
        }
    }

    @Test
    void costMetricsFollowEveryChangeOfModelWorkflowAndCurrencyOfOneStep() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            // One step alternating models and currencies, run in two workflows: each cost lands in its own series.
            WorkflowPrimitive<String, String> step = step("cost.alternating", (String model, WorkflowContext context) -> {
                boolean first = model.equals("model-a");
                context.recordCost(Cost.tokens(model, first ? 1 : 10, first ? 2 : 20)
                        .withMoney(first ? new BigDecimal("1") : new BigDecimal("10"), first ? "USD" : "EUR"));
                return model;
            });
            for (String workflow : List.of("cost.one", "cost.two", "cost.one")) {
                for (String model : List.of("model-a", "model-b", "model-a")) {
                    step.execute(model, WorkflowContext.start(workflow));
                }
            }

            Map<String, Long> tokens = new java.util.HashMap<>();
            for (HistogramPointData point : telemetry.metric(TelemetryNames.GEN_AI_TOKEN_USAGE_METRIC).orElseThrow()
                    .getHistogramData().getPoints()) {
                Attributes attributes = point.getAttributes();
                assertEquals("cost.alternating", attributes.get(TelemetryNames.PRIMITIVE_NAME));
                tokens.merge(attributes.get(TelemetryNames.WORKFLOW_NAME) + "/"
                        + attributes.get(TelemetryNames.GEN_AI_REQUEST_MODEL) + "/"
                        + attributes.get(TelemetryNames.GEN_AI_TOKEN_TYPE), (long) point.getSum(), Long::sum);
            }
            assertEquals(Map.of("cost.one/model-a/input", 4L, "cost.one/model-a/output", 8L,
                    "cost.one/model-b/input", 20L, "cost.one/model-b/output", 40L,
                    "cost.two/model-a/input", 2L, "cost.two/model-a/output", 4L,
                    "cost.two/model-b/input", 10L, "cost.two/model-b/output", 20L), tokens);

            Map<String, Double> money = new java.util.HashMap<>();
            for (DoublePointData point : telemetry.metric(TelemetryNames.COST_METRIC).orElseThrow()
                    .getDoubleSumData().getPoints()) {
                money.merge(point.getAttributes().get(TelemetryNames.WORKFLOW_NAME) + "/"
                        + point.getAttributes().get(TelemetryNames.COST_CURRENCY), point.getValue(), Double::sum);
            }
            assertEquals(Map.of("cost.one/USD", 4.0, "cost.one/EUR", 20.0, "cost.two/USD", 2.0, "cost.two/EUR", 10.0),
                    money);
        }
    }

    @Test
    void aCostSummaryNamesEachDistinctModelOnceInNameOrderUpToSixteen() throws Exception {
        WorkflowPrimitive<Integer, Integer> calls = step("cost.models", (Integer count, WorkflowContext context) -> {
            for (int i = count - 1; i >= 0; i--) {
                context.recordCost(Cost.tokens("model-" + (char) ('a' + i), 1, 1));
                context.recordCost(Cost.tokens("model-" + (char) ('a' + i), 1, 1));
            }
            return count;
        });

        WorkflowContext three = WorkflowContext.start("cost.three");
        calls.execute(3, three);
        assertEquals(List.of("model-a", "model-b", "model-c"), List.copyOf(three.cost().models()));
        assertEquals(6, three.cost().inputTokens());

        WorkflowContext many = WorkflowContext.start("cost.many");
        calls.execute(20, many);
        assertEquals(16, many.cost().models().size(), many.cost().models().toString());
        assertEquals(40, many.cost().inputTokens(), "tokens of untracked models still count");
    }

    @Test
    void costRecordedOutsideAnyPrimitiveCountsForTheRunOnly() {
        WorkflowContext context = WorkflowContext.start("bare");
        context.recordCost(Cost.money(new BigDecimal("1.50"), "EUR"));
        context.recordCost(Cost.tokens("m", 3, 4));

        assertEquals(0, new BigDecimal("1.50").compareTo(context.cost().amount("EUR")));
        assertEquals(7, context.cost().inputTokens() + context.cost().outputTokens());
        assertEquals("3 input + 4 output tokens (m), 1.50 EUR", context.cost().toString());
        assertEquals("no cost", WorkflowContext.start("none").cost().toString());
        assertThrows(IllegalArgumentException.class, () -> context.recordCost(null));
    }

    @Test
    void badCostsAreRejectedWithAClearMessage() {
        assertThrows(IllegalArgumentException.class, () -> Cost.tokens("m", -1, 0));
        assertThrows(IllegalArgumentException.class, () -> Cost.tokens(null, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Cost.tokens(" ", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Cost.money(new BigDecimal("-1"), "USD"));
        assertThrows(IllegalArgumentException.class, () -> Cost.money(null, "USD"));
        IllegalArgumentException currency = assertThrows(IllegalArgumentException.class,
                () -> Cost.money(BigDecimal.ONE, "DOLLARS"));
        assertTrue(currency.getMessage().contains("DOLLARS"));
        assertThrows(IllegalArgumentException.class,
                () -> new Cost(null, 0, 0, BigDecimal.ONE, null));
    }

    @Test
    void reportShowsWindowThroughputConcurrencyAndCostAsTableAndJson() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowTelemetry.configureWindow(Duration.ofHours(1), 2); // no timer rotation during the test
            CountDownLatch bothRunning = new CountDownLatch(2);
            WorkflowPrimitive<String, String> slow = step("report.step", (String s, WorkflowContext c) -> {
                c.recordCost(Cost.tokens("m", 10, 1).withMoney(new BigDecimal("0.001"), "USD"));
                bothRunning.countDown();
                if (!bothRunning.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("branches did not overlap");
                }
                return s;
            });
            Workflows.parallel(slow, slow).named("report.parallel").execute("x", WorkflowContext.start("report"));

            TelemetryReport report = WorkflowTelemetry.report();
            PrimitiveReport row = report.primitive("report.step");
            assertEquals(2, row.lifetime().count());
            assertEquals(2, row.window().count());
            assertEquals(2, row.peakActive(), "both branches were in flight at once");
            assertEquals(0, row.active());
            assertTrue(row.throughputPerSecond() > 0);
            assertEquals(20, row.cost().inputTokens());
            PrimitiveReport block = report.primitive("report.parallel");
            assertEquals(2, block.branchesPeak());
            assertEquals(0, block.branchesActive());
            assertEquals(20, block.cost().inputTokens(), "the block's cost includes its branches");
            assertThrows(IllegalArgumentException.class, () -> report.primitive("nope"));

            String table = report.toTable();
            assertTrue(table.lines().anyMatch(l -> l.startsWith("report.step ") && l.contains("step")), table);
            assertTrue(table.startsWith("primitive"), table);
            String json = report.toJson();
            assertTrue(json.contains("{\"name\":\"report.step\",\"type\":\"step\",\"lifetime\":{\"count\":2,"), json);
            assertTrue(json.contains("\"amounts\":{\"USD\":\"0.002\"},\"models\":[\"m\"]"), json);
            assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", TelemetryReport.quote("a\"b\\c\n\u0001"));

            TelemetryRuntime.rotateWindows();
            TelemetryRuntime.rotateWindows();
            assertEquals(0, WorkflowTelemetry.recentLatency("report.step").count(), "rotated out of the window");
            assertEquals(2, WorkflowTelemetry.latency("report.step").count());
        }
    }

    @Test
    void windowGaugesExportPercentilesThroughputAndPeak() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowTelemetry.configureWindow(Duration.ofHours(1), 2);
            WorkflowPrimitive<String, String> sleepy = step("gauge.step", (String s, WorkflowContext c) -> {
                Thread.sleep(2);
                return s;
            });
            for (int i = 0; i < 5; i++) {
                sleepy.execute("x", WorkflowContext.start("gauges"));
            }
            Attributes attributes = Attributes.of(TelemetryNames.PRIMITIVE_NAME, "gauge.step",
                    TelemetryNames.PRIMITIVE_TYPE, TelemetryNames.TYPE_STEP);
            for (String name : List.of(TelemetryNames.DURATION_P50_METRIC, TelemetryNames.DURATION_P95_METRIC,
                    TelemetryNames.DURATION_P99_METRIC)) {
                double seconds = gauge(telemetry, name, attributes);
                assertTrue(seconds >= 0.002 && seconds < 5, name + " = " + seconds);
            }
            assertTrue(gauge(telemetry, TelemetryNames.THROUGHPUT_METRIC, attributes) > 0);
            long peak = telemetry.metric(TelemetryNames.ACTIVE_PEAK_METRIC).orElseThrow().getLongGaugeData()
                    .getPoints().stream().filter(p -> p.getAttributes().equals(attributes)).findFirst().orElseThrow()
                    .getValue();
            assertEquals(1, peak);
        }
    }

    private static double gauge(TelemetryFixture telemetry, String name, Attributes attributes) {
        return telemetry.metric(name).orElseThrow().getDoubleGaugeData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(attributes)).findFirst()
                .orElseThrow(() -> new AssertionError("no point of " + name + " for " + attributes)).getValue();
    }
}
