package dev.tta.workflow.benchmarks;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.LogCorrelation;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The floor a generated wrapper can reach: what {@code InstrumentedCpuStep} records, written by hand directly against
 * the OpenTelemetry API, HdrHistogram and SLF4J, with everything that does not change between calls precomputed.
 *
 * <p>Per call, as the generated class: a span child of the context's span with the same name and attributes (set
 * only when the span records), made current and handed down in the child context; ERROR status, {@code error.type}
 * and an exception event on failure; the {@code workflow.primitive.duration} histogram with the same attributes
 * ({@code workflow.name} included, cached for the last workflow as the runtime does),
 * recorded while the span is current (so exemplars are offered, as for the generated class); the in-flight count
 * (an atomic, read by an observable counter); the latency in an HdrHistogram {@link Recorder}; the trace, span,
 * workflow and correlation ids in the MDC while the step runs (unless the runtime's MDC is off,
 * {@code -Dtta.workflow.mdc=lazy}: then neither fills it, as with a log appender reading the ids lazily); the started
 * and completed debug logs behind a level check.
 *
 * <p>What it leaves out, being hand-written: the library's cost roll-up, the recent window and peak concurrency,
 * the guards that keep a failing telemetry backend from breaking the step, the restoring of MDC entries of an
 * enclosing step (it removes its entries), and the per-thread striping of the recorder (one {@link Recorder}, as a
 * hand-written instrumentation would typically hold).
 */
public class HandInstrumentedCpuStep extends CpuStep {

    private static final String NAME = "CpuStep";
    private static final Logger LOG = LoggerFactory.getLogger(CpuStep.class);
    private static final List<Double> BUCKETS = List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);
    private static final Attributes BASE = Attributes.of(TelemetryNames.PRIMITIVE_NAME, NAME,
            TelemetryNames.PRIMITIVE_TYPE, TelemetryNames.TYPE_STEP);
    private static final Attributes SPAN_ATTRIBUTES = BASE.toBuilder()
            .put(TelemetryNames.CODE_FUNCTION_NAME, CpuStep.class.getName() + ".execute")
            // Where CpuStep.execute is written, as the processor fixes it at compile time.
            .put(TelemetryNames.CODE_FILE_PATH, "dev/tta/workflow/benchmarks/CpuStep.java")
            .put(TelemetryNames.CODE_LINE_NUMBER, 30L)
            .build();
    private static final Attributes SUCCESS = BASE.toBuilder()
            .put(TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_SUCCESS)
            .build();

    /** The success attributes with the last workflow's name: a step runs in one workflow, so one entry is enough. */
    private volatile Named success = new Named("", SUCCESS);

    private final Tracer tracer;
    private final DoubleHistogram duration;
    private final Recorder latency = new Recorder(3);
    private final AtomicInteger active = new AtomicInteger();
    /** Whether the ids go into the MDC on every call, as the runtime decides it for the generated class. */
    private final boolean mdc = LogCorrelation.eagerMdc();

    /**
     * A step reporting to this OpenTelemetry instance.
     *
     * @param tokens the size of the body
     * @param openTelemetry where spans and metrics go
     */
    public HandInstrumentedCpuStep(long tokens, OpenTelemetry openTelemetry) {
        super(tokens);
        this.tracer = openTelemetry.getTracer(TelemetryNames.INSTRUMENTATION_SCOPE);
        Meter meter = openTelemetry.getMeter(TelemetryNames.INSTRUMENTATION_SCOPE);
        this.duration = meter.histogramBuilder(TelemetryNames.DURATION_METRIC)
                .setUnit("s")
                .setDescription("Duration of workflow primitive executions.")
                .setExplicitBucketBoundariesAdvice(BUCKETS)
                .build();
        // Registered as the runtime registers it (an observer read in a batch callback), so both are one metric.
        ObservableLongMeasurement inFlight = meter.upDownCounterBuilder(TelemetryNames.ACTIVE_METRIC)
                .setUnit("{execution}")
                .setDescription("Workflow primitive executions in flight.")
                .buildObserver();
        meter.batchCallback(() -> inFlight.record(active.get(), BASE), inFlight);
    }

    /**
     * The latency recorder, for tests.
     *
     * @return the recorder
     */
    Recorder latency() {
        return latency;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Long execute(Long input, WorkflowContext context) {
        long start = System.nanoTime();
        Context parent = context.otelContext();
        Span span = tracer.spanBuilder(NAME).setParent(parent).startSpan();
        if (span.isRecording()) {
            span.setAllAttributes(SPAN_ATTRIBUTES);
            span.setAttribute(TelemetryNames.WORKFLOW_NAME, context.workflowName());
            span.setAttribute(TelemetryNames.WORKFLOW_ID, context.workflowId());
            span.setAttribute(TelemetryNames.CORRELATION_ID, context.correlationId());
            switch (context.position()) {
                case STEP -> span.setAttribute(TelemetryNames.STEP_INDEX, (long) context.positionIndex());
                case BRANCH -> span.setAttribute(TelemetryNames.BRANCH_INDEX, (long) context.positionIndex());
                case ATTEMPT -> span.setAttribute(TelemetryNames.RETRY_ATTEMPT, context.positionIndex() + 1L);
                default -> {
                    // a directly called step has no index
                }
            }
        }
        Context current = parent.with(span);
        WorkflowContext child = context.withOtelContext(current);
        active.incrementAndGet();
        SpanContext ids = span.getSpanContext();
        if (mdc) {
            MDC.put(TelemetryNames.MDC_TRACE_ID, ids.getTraceId());
            MDC.put(TelemetryNames.MDC_SPAN_ID, ids.getSpanId());
            MDC.put(TelemetryNames.MDC_WORKFLOW_ID, context.workflowId());
            MDC.put(TelemetryNames.MDC_CORRELATION_ID, context.correlationId());
        }
        if (LOG.isDebugEnabled()) {
            LOG.atDebug().addKeyValue("primitive", NAME).addKeyValue("type", TelemetryNames.TYPE_STEP)
                    .log(TelemetryNames.EVENT_STARTED);
        }
        Scope scope = current.makeCurrent();
        Throwable failure = null;
        try {
            return super.execute(input, child);
        } catch (RuntimeException | Error thrown) {
            failure = thrown;
            String errorType = thrown.getClass().getName();
            span.setStatus(StatusCode.ERROR, errorType);
            span.setAttribute(TelemetryNames.ERROR_TYPE, errorType);
            span.recordException(thrown);
            throw thrown;
        } finally {
            long nanos = System.nanoTime() - start;
            latency.recordValue(Math.max(0L, nanos));
            active.decrementAndGet();
            duration.record(nanos / 1_000_000_000.0, failure == null
                    ? successAttributes(context.workflowName())
                    : failureAttributes(failure, context.workflowName()));
            if (failure == null) {
                if (LOG.isDebugEnabled()) {
                    LOG.atDebug().addKeyValue("primitive", NAME).addKeyValue("duration_ms", nanos / 1_000_000.0)
                            .addKeyValue("outcome", TelemetryNames.OUTCOME_SUCCESS)
                            .log(TelemetryNames.EVENT_COMPLETED);
                }
            } else if (LOG.isWarnEnabled()) {
                LOG.atWarn().addKeyValue("primitive", NAME).addKeyValue("duration_ms", nanos / 1_000_000.0)
                        .addKeyValue("outcome", TelemetryNames.OUTCOME_FAILURE)
                        .addKeyValue("error.type", failure.getClass().getName())
                        .addKeyValue("error.message", failure.getMessage())
                        .log(TelemetryNames.EVENT_FAILED);
            }
            if (mdc) {
                MDC.remove(TelemetryNames.MDC_TRACE_ID);
                MDC.remove(TelemetryNames.MDC_SPAN_ID);
                MDC.remove(TelemetryNames.MDC_WORKFLOW_ID);
                MDC.remove(TelemetryNames.MDC_CORRELATION_ID);
            }
            scope.close();
            span.end();
        }
    }

    private Attributes successAttributes(String workflow) {
        Named cached = success;
        if (cached.workflow() != workflow && !cached.workflow().equals(workflow)) {
            cached = new Named(workflow, SUCCESS.toBuilder().put(TelemetryNames.WORKFLOW_NAME, workflow).build());
            success = cached;
        }
        return cached.attributes();
    }

    private static Attributes failureAttributes(Throwable failure, String workflow) {
        return BASE.toBuilder()
                .put(TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_FAILURE)
                .put(TelemetryNames.ERROR_TYPE, failure.getClass().getName())
                .put(TelemetryNames.WORKFLOW_NAME, workflow)
                .build();
    }

    private record Named(String workflow, Attributes attributes) {
    }
}
