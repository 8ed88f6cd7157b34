package dev.tta.workflow.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.LogCorrelation;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every log backend's provider must do, run once per backend (each in a JVM of its own, with only that backend
 * on the class path): the ids on lines from a step, an observed method and a parallel branch, nothing left on the
 * threads afterwards, and no MDC filled per call once the provider has started.
 */
abstract class LogIdsContract {

    /**
     * The MDC or context data of the lines written with this message.
     *
     * @param message the formatted message
     * @return one map per line
     */
    abstract List<Map<String, String>> linesWith(String message);

    /** Forgets the lines written so far. */
    abstract void clearLines();


    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .build();
        WorkflowTelemetry.install(sdk);
        clearLines();
        pool = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        WorkflowTelemetry.useGlobal();
        sdk.close();
    }

    @Test
    void theStartedProviderTakesOverFromThePerCallMdc() throws Exception {
        assertThat(LogCorrelation.eagerMdc()).isFalse();
        Map<String, String> seen = new InstrumentedPeekMdc().execute("x", WorkflowContext.start("shop"));
        assertThat(seen).doesNotContainKeys(TelemetryNames.MDC_TRACE_ID, TelemetryNames.MDC_WORKFLOW_ID);
    }

    @Test
    void linesFromAStepAndTheObservedMethodItCallsCarryTheirSpansAndTheRunsIds() throws Exception {
        WorkflowContext context = WorkflowContext.start("shop").withCorrelationId("req-7");
        new InstrumentedQuote().execute("pen", context);

        Map<String, String> quoting = line("quoting pen");
        SpanData quote = span("Quote");
        assertThat(quoting)
                .containsEntry(TelemetryNames.MDC_TRACE_ID, quote.getTraceId())
                .containsEntry(TelemetryNames.MDC_SPAN_ID, quote.getSpanId())
                .containsEntry(TelemetryNames.MDC_WORKFLOW_ID, context.workflowId())
                .containsEntry(TelemetryNames.MDC_CORRELATION_ID, "req-7");
        Map<String, String> pricing = line("pricing pen");
        assertThat(pricing)
                .containsEntry(TelemetryNames.MDC_SPAN_ID, span("price").getSpanId())
                .containsEntry(TelemetryNames.MDC_TRACE_ID, quote.getTraceId())
                .containsEntry(TelemetryNames.MDC_WORKFLOW_ID, context.workflowId());
    }

    @Test
    void linesFromParallelBranchesCarryTheirBranchSpans() throws Exception {
        WorkflowContext context = WorkflowContext.start("shop");
        AtomicInteger handedOff = new AtomicInteger();
        Executor counting = task -> {
            handedOff.incrementAndGet();
            pool.execute(task);
        };
        Workflows.parallel(counting, new InstrumentedQuote(), new InstrumentedQuote()).named("quotes")
                .execute("ink", context);
        assertThat(handedOff).as("branches run on the pool").hasPositiveValue();

        List<Map<String, String>> quoting = lines("quoting ink");
        assertThat(quoting).hasSize(2);
        List<String> branchSpans = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("Quote"))
                .map(SpanData::getSpanId).toList();
        assertThat(quoting).extracting(line -> line.get(TelemetryNames.MDC_SPAN_ID))
                .containsExactlyInAnyOrderElementsOf(branchSpans);
        assertThat(quoting).allSatisfy(line -> assertThat(line)
                .containsEntry(TelemetryNames.MDC_WORKFLOW_ID, context.workflowId()));
    }

    @Test
    void nothingIsLeftOnTheThreadsAfterwards() throws Exception {
        Map<String, String> before = MDC.getCopyOfContextMap();
        Workflows.parallel(pool, new InstrumentedQuote(), new InstrumentedQuote()).named("cups")
                .execute("cup", WorkflowContext.start("shop"));

        LoggerFactory.getLogger("after").info("caller after");
        pool.submit(() -> LoggerFactory.getLogger("after").info("pool after")).get(10, TimeUnit.SECONDS);
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(before);
        assertThat(Context.current()).isSameAs(Context.root());
        assertThat(line("caller after")).doesNotContainKeys(TelemetryNames.MDC_TRACE_ID,
                TelemetryNames.MDC_SPAN_ID, TelemetryNames.MDC_WORKFLOW_ID, TelemetryNames.MDC_CORRELATION_ID);
        assertThat(line("pool after")).doesNotContainKeys(TelemetryNames.MDC_TRACE_ID,
                TelemetryNames.MDC_SPAN_ID, TelemetryNames.MDC_WORKFLOW_ID, TelemetryNames.MDC_CORRELATION_ID);
    }

    @Test
    void theEventsOwnMdcEntriesStay() throws Exception {
        MDC.put("tenant", "acme");
        try {
            new InstrumentedQuote().execute("mug", WorkflowContext.start("shop"));
        } finally {
            MDC.remove("tenant");
        }
        assertThat(line("quoting mug")).containsEntry("tenant", "acme")
                .containsKey(TelemetryNames.MDC_TRACE_ID);
    }

    private Map<String, String> line(String message) {
        List<Map<String, String>> matching = lines(message);
        assertThat(matching).as("lines '%s'", message).hasSize(1);
        return matching.get(0);
    }

    private List<Map<String, String>> lines(String message) {
        return linesWith(message);
    }

    private SpanData span(String name) {
        List<SpanData> matching = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name))
                .toList();
        assertThat(matching).as("spans named %s", name).hasSize(1);
        return matching.get(0);
    }
}
