package dev.tta.workflow.sampling;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * {@code OTEL_TRACES_SAMPLER=tta_workflow}: the {@link WorkflowSampler}, with the rules and options of
 * {@code OTEL_TRACES_SAMPLER_ARG} (syntax on {@link WorkflowSampler#parse(String)}). Found by the SDK's autoconfigure
 * module through {@code ServiceLoader}.
 */
public final class WorkflowSamplerProvider implements ConfigurableSamplerProvider {

    /** The sampler's name in {@code OTEL_TRACES_SAMPLER}. */
    public static final String NAME = "tta_workflow";

    static final String SAMPLER_PROPERTY = "otel.traces.sampler";
    static final String ARGUMENT_PROPERTY = "otel.traces.sampler.arg";

    /** Called by {@code ServiceLoader}. */
    public WorkflowSamplerProvider() {
    }

    /**
     * Builds the sampler from {@code otel.traces.sampler.arg}.
     *
     * @param config the SDK's configuration
     * @return the sampler
     * @throws ConfigurationException if the argument is malformed; the message names the part that is wrong
     */
    @Override
    public Sampler createSampler(ConfigProperties config) {
        return argument(config).samplerBuilder().build();
    }

    /**
     * The name {@value #NAME}.
     *
     * @return the name
     */
    @Override
    public String getName() {
        return NAME;
    }

    static SamplerArgument argument(ConfigProperties config) {
        String value = config.getString(ARGUMENT_PROPERTY);
        try {
            return SamplerArgument.parse(value);
        } catch (IllegalArgumentException bad) {
            throw new ConfigurationException("Invalid OTEL_TRACES_SAMPLER_ARG (otel.traces.sampler.arg) '" + value
                    + "' for OTEL_TRACES_SAMPLER=" + NAME + ": " + bad.getMessage(), bad);
        }
    }
}
