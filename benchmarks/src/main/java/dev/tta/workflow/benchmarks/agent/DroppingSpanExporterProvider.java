package dev.tta.workflow.benchmarks.agent;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * An extension of the OpenTelemetry Java agent ({@code -Dotel.javaagent.extensions=...agent-extension.jar}) offering
 * {@code -Dotel.traces.exporter=tta-drop}: an exporter that drops every batch, so that the agent's SDK runs the same
 * {@code BatchSpanProcessor} in front of the same kind of exporter as the other benchmarks' SDK. It says it was
 * created in the system property {@value #CREATED_PROPERTY}, which the benchmark checks.
 */
public final class DroppingSpanExporterProvider implements ConfigurableSpanExporterProvider {

    /** Set to {@code true} once the agent created the exporter. */
    public static final String CREATED_PROPERTY = "tta.benchmarks.droppingExporter";

    /** Called by the agent's service loader. */
    public DroppingSpanExporterProvider() {
    }

    @Override
    public String getName() {
        return "tta-drop";
    }

    @Override
    public SpanExporter createExporter(ConfigProperties config) {
        System.setProperty(CREATED_PROPERTY, "true");
        return new DroppingSpanExporter();
    }
}
