package dev.tta.workflow.benchmarks;

import dev.tta.workflow.benchmarks.agent.DroppingSpanExporter;
import dev.tta.workflow.context.WorkflowContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One telemetry configuration of a benchmark run, chosen by the {@code mode} JMH parameter:
 *
 * <ul>
 *   <li>{@value #NO_SDK}: the OpenTelemetry API alone ({@link OpenTelemetry#noop()}), as in an application without
 *       an SDK;
 *   <li>{@value #SAMPLED}: the SDK with its default sampler (parent-based, always on), a batch span processor in
 *       front of an exporter that drops everything, and a periodic metric reader (60 s, the SDK default) whose
 *       exporter drops everything too; the caller's span is sampled, so every span is recorded;
 *   <li>{@value #UNSAMPLED}: the same SDK, but the caller's span is not sampled, so the parent-based sampler drops
 *       every span (metrics are still recorded).
 * </ul>
 *
 * <p>The caller is a remote parent, as when a request arrives with a W3C {@code traceparent}: the sampling decision
 * is the caller's, the way it usually is in production, and every implementation compared sees the same parent.
 */
public final class TelemetrySetup implements AutoCloseable {

    /** The OpenTelemetry API alone, no SDK. */
    public static final String NO_SDK = "noSdk";
    /** SDK, spans sampled. */
    public static final String SAMPLED = "sampled";
    /** SDK, spans not sampled. */
    public static final String UNSAMPLED = "unsampled";

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    /**
     * The batch processor logs a warning each time it drops spans because its queue is full, which happens when the
     * benchmark thread outruns its exporting thread; that console output would itself cost CPU on a 2-core machine.
     * The exported count ({@link #exportedSpans()}) shows the drops instead. Held here: JUL keeps loggers weakly.
     */
    private static final Logger BATCH_PROCESSOR_LOG = Logger.getLogger(BatchSpanProcessor.class.getName());

    static {
        BATCH_PROCESSOR_LOG.setLevel(Level.SEVERE);
    }

    private final long createdNanos = System.nanoTime();
    private final String mode;
    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;
    private final DroppingSpanExporter exporter = new DroppingSpanExporter();
    private final WorkflowContext caller;

    private TelemetrySetup(String mode) {
        this.mode = mode;
        boolean sampled;
        switch (mode) {
            case NO_SDK -> {
                sdk = null;
                openTelemetry = OpenTelemetry.noop();
                sampled = true;
            }
            case SAMPLED, UNSAMPLED -> {
                sdk = newSdk();
                openTelemetry = sdk;
                sampled = SAMPLED.equals(mode);
            }
            default -> throw new IllegalArgumentException("unknown telemetry mode '" + mode + "': use " + NO_SDK
                    + ", " + SAMPLED + " or " + UNSAMPLED);
        }
        this.caller = remoteCaller(sampled);
    }

    /**
     * A workflow continued from a remote parent span, as a service receiving a request with a W3C
     * {@code traceparent} header sees it.
     *
     * @param sampled whether the caller sampled its span (the parent-based sampler follows it)
     * @return the caller's workflow context
     */
    public static WorkflowContext remoteCaller(boolean sampled) {
        String traceparent = "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + (sampled ? "-01" : "-00");
        return WorkflowContext.extract(Map.of("traceparent", traceparent), "benchmark");
    }

    /**
     * The span id of every caller's remote parent.
     *
     * @return 16 hex characters
     */
    public static String parentSpanId() {
        return PARENT_SPAN_ID;
    }

    /**
     * The trace id of every caller's remote parent.
     *
     * @return 32 hex characters
     */
    public static String parentTraceId() {
        return TRACE_ID;
    }

    /**
     * Builds the configuration of a mode.
     *
     * @param mode {@link #NO_SDK}, {@link #SAMPLED} or {@link #UNSAMPLED}
     * @return the configuration; close it to shut the SDK down
     * @throws IllegalArgumentException for an unknown mode
     */
    public static TelemetrySetup create(String mode) {
        return new TelemetrySetup(mode);
    }

    private OpenTelemetrySdk newSdk() {
        MetricExporter metrics = new MetricExporter() {
            @Override
            public CompletableResultCode export(Collection<MetricData> batch) {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
                return AggregationTemporality.CUMULATIVE;
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                        .build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .registerMetricReader(PeriodicMetricReader.builder(metrics).build())
                        .build())
                .build();
    }

    /**
     * The mode's name.
     *
     * @return the mode
     */
    public String mode() {
        return mode;
    }

    /**
     * The OpenTelemetry instance of this mode.
     *
     * @return the SDK, or the no-op API
     */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /**
     * The caller's workflow context: a workflow continued from a remote, sampled or unsampled, parent span.
     *
     * @return the context to execute steps with
     */
    public WorkflowContext caller() {
        return caller;
    }

    /**
     * The caller's OpenTelemetry context, to make current for code that finds its parent there (the Java agent,
     * Micrometer).
     *
     * @return the context holding the remote parent span
     */
    public Context parent() {
        return caller.otelContext();
    }

    /**
     * Spans the exporter received so far; with the batch processor, spans dropped because its queue was full are
     * not counted.
     *
     * @return the count
     */
    public long exportedSpans() {
        return exporter.exported();
    }

    /**
     * Flushes and shuts the SDK down, if there is one, and prints how many spans reached the exporter per second of
     * the trial: compared with the calls per second of the benchmark, it tells how many the batch processor dropped.
     */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.close();
            double seconds = (System.nanoTime() - createdNanos) / 1e9;
            System.out.printf(Locale.ROOT, "%n[telemetry %s] %d spans exported in %.1f s (%.0f per s)%n",
                    mode, exporter.exported(), seconds, exporter.exported() / seconds);
        }
    }
}
