package dev.tta.workflow.sampling;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Optional;

/**
 * Wires the {@link TailSamplingSpanProcessor} into an SDK built by the autoconfigure module when
 * {@code OTEL_TRACES_SAMPLER=tta_workflow} and {@code OTEL_TRACES_SAMPLER_ARG} has the {@code tail} option: each span
 * processor autoconfigure creates for the exporters ({@code OTEL_TRACES_EXPORTER}) is put behind a tail processor
 * configured by the argument's options; with no exporter at all, one tail processor is still added (its decisions
 * are counted, nothing is exported). Without the {@code tail} option it changes nothing. Found through
 * {@code ServiceLoader}.
 */
public final class WorkflowSamplingCustomizer implements AutoConfigurationCustomizerProvider {

    private static volatile TailSamplingSpanProcessor last;

    private TailSamplingSpanProcessor created;

    /** Called by {@code ServiceLoader}. */
    public WorkflowSamplingCustomizer() {
    }

    /**
     * The tail processor autoconfigure created last in this process (the first one of that SDK, if it has several
     * exporter processors), for reading its {@link TailSamplingSpanProcessor#stats()}.
     *
     * @return the processor, or empty if the SDK autoconfigured last has no tail sampling
     */
    public static Optional<TailSamplingSpanProcessor> tailProcessor() {
        return Optional.ofNullable(last);
    }

    /**
     * Registers the customizers.
     *
     * @param autoConfiguration the autoconfigure builder
     */
    @Override
    public void customize(AutoConfigurationCustomizer autoConfiguration) {
        autoConfiguration.addSpanProcessorCustomizer((processor, config) ->
                tailConfigured(config) ? tail(processor, config) : processor);
        autoConfiguration.addTracerProviderCustomizer((builder, config) -> {
            if (!tailConfigured(config)) {
                last = null;
            } else if (created == null) {
                builder.addSpanProcessor(tail(SpanProcessor.composite(), config));
            }
            return builder;
        });
    }

    private static boolean tailConfigured(ConfigProperties config) {
        return WorkflowSamplerProvider.NAME.equals(config.getString(WorkflowSamplerProvider.SAMPLER_PROPERTY))
                && WorkflowSamplerProvider.argument(config).tail();
    }

    private synchronized TailSamplingSpanProcessor tail(SpanProcessor downstream, ConfigProperties config) {
        TailSamplingSpanProcessor.Builder builder = TailSamplingSpanProcessor.builder(downstream);
        WorkflowSamplerProvider.argument(config).applyTo(builder);
        TailSamplingSpanProcessor processor = builder.build();
        if (created == null) {
            created = processor;
            last = processor;
        }
        return processor;
    }
}
