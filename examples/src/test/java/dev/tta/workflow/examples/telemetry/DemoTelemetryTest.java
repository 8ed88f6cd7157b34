package dev.tta.workflow.examples.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The examples change only the SDK's defaults; whatever the user configured with OTEL_* wins. */
class DemoTelemetryTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty("otel.traces.exporter");
        System.clearProperty("otel.exporter.zipkin.endpoint");
        System.clearProperty("otel.exporter.otlp.endpoint");
        System.clearProperty("otel.service.name");
    }

    /** The defaults the examples add, less the OTLP protocol, which {@link #otlpGoesOverHttp} covers. */
    private static Map<String, String> defaults(Map<String, String> configured) {
        Map<String, String> defaults = new HashMap<>(
                DemoTelemetry.embeddedDefaults(DefaultConfigProperties.createFromMap(configured), "demo"));
        defaults.remove("otel.exporter.otlp.protocol");
        return defaults;
    }

    @Test
    void otlpGoesOverHttp() {
        assertEquals("http/protobuf", DemoTelemetry.embeddedDefaults(DefaultConfigProperties.createFromMap(
                Map.of()), "demo").get("otel.exporter.otlp.protocol"));
        assertFalse(DemoTelemetry.embeddedDefaults(DefaultConfigProperties.createFromMap(Map.of(
                "otel.exporter.otlp.protocol", "http/json")), "demo").containsKey("otel.exporter.otlp.protocol"));
    }

    @Test
    void withNothingConfiguredNothingLeavesTheProcessAndTheServiceIsNamed() {
        assertEquals(Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none", "otel.service.name", "demo"), defaults(Map.of()));
    }

    @Test
    void anOtlpEndpointAloneBringsBackTheStandardOtlpDefault() {
        assertEquals(Map.of("otel.service.name", "demo"),
                defaults(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318")));
        assertEquals(Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none",
                "otel.service.name", "demo"),
                defaults(Map.of("otel.exporter.otlp.traces.endpoint", "http://collector:4318/v1/traces")));
    }

    @Test
    void whatTheUserSetIsLeftAlone() {
        assertEquals(Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none"),
                defaults(Map.of("otel.traces.exporter", "zipkin", "otel.service.name", "mine")));
        assertEquals(Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none"), defaults(Map.of("otel.resource.attributes", "service.name=mine")));
    }

    @Test
    void theStandardPropertiesConfigureTheSdkWithNoCodeChange() throws Exception {
        // System properties are the otel.* twins of the OTEL_* environment variables, read by the same code.
        System.setProperty("otel.traces.exporter", "zipkin");
        System.setProperty("otel.exporter.zipkin.endpoint", "http://127.0.0.1:1/api/v2/spans");
        System.setProperty("otel.service.name", "configured-by-property");
        try (DemoTelemetry telemetry = DemoTelemetry.start("demo", null)) {
            assertEquals("configured-by-property", telemetry.serviceName());
            String description = String.join("\n", telemetry.describe());
            assertTrue(description.contains("exporters (OTEL_TRACES_EXPORTER): zipkin to "
                    + "http://127.0.0.1:1/api/v2/spans"), description);
            assertTrue(description.contains("exporters (OTEL_METRICS_EXPORTER): none"), description);
            assertTrue(telemetry.sdk().getSdkTracerProvider().toString().contains("ZipkinSpanExporter"),
                    telemetry.sdk().getSdkTracerProvider().toString());
        }
    }

    @Test
    void anOtlpEndpointAloneSendsSpansOverOtlpHttp() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            System.setProperty("otel.exporter.otlp.endpoint",
                    "http://127.0.0.1:" + collector.getAddress().getPort());
            try (DemoTelemetry telemetry = DemoTelemetry.start("demo", null)) {
                telemetry.sdk().getTracer("test").spanBuilder("one").startSpan().end();
            } // closing flushes the batch
            assertTrue(received.contains("/v1/traces application/x-protobuf"), received.toString());
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void withoutConfigurationOnlyTheInProcessViewsAndTheFileReceiveSpans() throws Exception {
        try (DemoTelemetry telemetry = DemoTelemetry.start("demo", null)) {
            assertEquals("demo", telemetry.serviceName());
            String description = String.join("\n", telemetry.describe());
            assertTrue(description.contains("exporters (OTEL_TRACES_EXPORTER): none"), description);
            assertTrue(description.contains("sampler       parentbased_always_on"), description);
        }
    }
}
