package dev.tta.workflow.benchmarks;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.ContextStorage;
import java.util.List;

/**
 * The same step observed the Micrometer way, with what a Spring Boot application wires for the same telemetry:
 * an {@link Observation} per call, handled by {@link DefaultMeterObservationHandler} (a {@code Timer}, with a
 * percentile histogram and the p50/p90/p95/p99/p99.9 percentiles the library's HdrHistogram gives, plus a
 * {@code LongTaskTimer} for the in-flight count) and by {@link DefaultTracingObservationHandler} over Micrometer
 * Tracing's OpenTelemetry bridge (a span from the same OpenTelemetry instance, child of the current span), and the
 * trace and span ids put in the MDC by the bridge's {@link Slf4JEventListener} whenever a span becomes current.
 */
public final class MicrometerObservedStep {

    private static final String NAME = "CpuStep";
    private static final KeyValues LOW_CARDINALITY = KeyValues.of(
            TelemetryNames.PRIMITIVE_NAME.getKey(), NAME,
            TelemetryNames.PRIMITIVE_TYPE.getKey(), TelemetryNames.TYPE_STEP);
    private static final String FUNCTION = CpuStep.class.getName() + ".execute";
    /** Puts the ids of the span that becomes current in the MDC, and takes them out when it stops being current. */
    private static final Slf4JEventListener MDC_LISTENER = new Slf4JEventListener();
    private static boolean mdcBridgeInstalled;

    private final CpuStep step;
    private final ObservationRegistry registry;
    private final SimpleMeterRegistry meters;

    /**
     * Observes a step, reporting spans to this OpenTelemetry instance and metrics to an in-memory Micrometer
     * registry. Call {@link #installMdcBridge()} first, before any OpenTelemetry context is used in this JVM.
     *
     * @param step the step to observe
     * @param openTelemetry where spans go
     */
    public MicrometerObservedStep(CpuStep step, OpenTelemetry openTelemetry) {
        this.step = step;
        this.meters = new SimpleMeterRegistry();
        meters.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!NAME.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .percentiles(0.5, 0.9, 0.95, 0.99, 0.999)
                        .build()
                        .merge(config);
            }
        });
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        OtelTracer tracer = new OtelTracer(openTelemetry.getTracer(TelemetryNames.INSTRUMENTATION_SCOPE), current,
                MDC_LISTENER::onEvent, new OtelBaggageManager(current, List.of(), List.of()));
        this.registry = ObservationRegistry.create();
        registry.observationConfig()
                .observationHandler(new DefaultMeterObservationHandler(meters))
                .observationHandler(new DefaultTracingObservationHandler(tracer));
    }

    /**
     * Wraps OpenTelemetry's context storage so that a span becoming current puts its ids in the MDC, as Spring
     * Boot's Micrometer Tracing set-up does. OpenTelemetry accepts the wrapper only before the first use of a
     * context in the JVM, so this must run first.
     */
    public static synchronized void installMdcBridge() {
        if (!mdcBridgeInstalled) {
            ContextStorage.addWrapper(new EventPublishingContextWrapper(MDC_LISTENER::onEvent));
            mdcBridgeInstalled = true;
        }
    }

    /**
     * The meters, for tests.
     *
     * @return the registry
     */
    SimpleMeterRegistry meters() {
        return meters;
    }

    /**
     * Runs the step inside an observation.
     *
     * @param input the input
     * @param context the caller's context (the step ignores it; the span's parent is the current span)
     * @return the output
     */
    public Long execute(Long input, WorkflowContext context) {
        return Observation.createNotStarted(NAME, registry)
                .lowCardinalityKeyValues(LOW_CARDINALITY)
                .highCardinalityKeyValue(TelemetryNames.CODE_FUNCTION_NAME.getKey(), FUNCTION)
                .highCardinalityKeyValue(TelemetryNames.WORKFLOW_NAME.getKey(), context.workflowName())
                .highCardinalityKeyValue(TelemetryNames.WORKFLOW_ID.getKey(), context.workflowId())
                .highCardinalityKeyValue(TelemetryNames.CORRELATION_ID.getKey(), context.correlationId())
                .observe(() -> step.execute(input, context));
    }
}
