package dev.tta.workflow.examples.telemetry;

import dev.tta.workflow.WorkflowTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The OpenTelemetry SDK of the examples, configured by the SDK's own autoconfigure module: every standard
 * {@code OTEL_*} environment variable and {@code otel.*} system property works ({@code OTEL_TRACES_EXPORTER},
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_ZIPKIN_ENDPOINT}, {@code OTEL_SERVICE_NAME},
 * {@code OTEL_TRACES_SAMPLER}...), with no code change.
 *
 * <p>Only the defaults differ from the SDK's, so that the examples run on a laptop with no backend: with nothing
 * configured, no exporter sends anything over the network ({@code otel.traces.exporter}, {@code otel.metrics.exporter}
 * and {@code otel.logs.exporter} default to {@code none}), and the service name is the example's. Setting an OTLP
 * endpoint alone brings the standard default back: OTLP for the signals whose exporter is not set. OTLP defaults to
 * {@code http/protobuf}, the protocol the OpenTelemetry specification recommends (the Java SDK's own default, gRPC,
 * needs a transport the examples do not bundle). In every case the spans are also kept in memory (for the trace
 * tree) and, if asked, written to a {@link TraceFile}.
 */
public final class DemoTelemetry implements AutoCloseable {

    private static final String OTLP_ENDPOINT = "otel.exporter.otlp.endpoint";

    private final OpenTelemetrySdk sdk;
    private final ConfigProperties config;
    private final Resource resource;
    private final TraceCollector traces;
    private final TraceFile file;
    private final ExportOutcomes exports;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoTelemetry(OpenTelemetrySdk sdk, ConfigProperties config, Resource resource, TraceCollector traces,
            TraceFile file, ExportOutcomes exports) {
        this.sdk = sdk;
        this.config = config;
        this.resource = resource;
        this.traces = traces;
        this.file = file;
        this.exports = exports;
    }

    /**
     * Builds the SDK from the environment and installs it for the workflow library.
     *
     * @param defaultServiceName the service name unless {@code OTEL_SERVICE_NAME} (or {@code service.name} in
     *     {@code OTEL_RESOURCE_ATTRIBUTES}) says otherwise
     * @param traceFile where to write every trace, or null for no file
     * @return the running telemetry; close it to flush every exporter
     * @throws IOException if the trace file cannot be created
     * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException if an {@code OTEL_*} setting is invalid
     */
    public static DemoTelemetry start(String defaultServiceName, Path traceFile) throws IOException {
        TraceCollector traces = new TraceCollector(1_000);
        TraceFile file = traceFile == null ? null : TraceFile.create(traceFile);
        if (file != null) {
            traces.addListener(file);
        }
        AtomicReference<ConfigProperties> resolved = new AtomicReference<>();
        AtomicReference<Resource> resource = new AtomicReference<>(Resource.getDefault());
        ExportOutcomes exports = new ExportOutcomes();
        try {
            AutoConfiguredOpenTelemetrySdk autoConfigured = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesCustomizer(config -> embeddedDefaults(config, defaultServiceName))
                    .addResourceCustomizer((built, config) -> {
                        resource.set(built);
                        return built;
                    })
                    .addTracerProviderCustomizer((builder, config) -> {
                        resolved.set(config);
                        return builder.addSpanProcessor(traces);
                    })
                    // Counts what each exporter delivered, so describe() reports a failed export truthfully.
                    .addSpanExporterCustomizer((exporter, config) -> exports.watch(exporter))
                    .addMetricExporterCustomizer((exporter, config) -> exports.watch(exporter))
                    .disableShutdownHook() // closed explicitly, so the file is complete before the program ends
                    .build();
            OpenTelemetrySdk sdk = autoConfigured.getOpenTelemetrySdk();
            WorkflowTelemetry.install(sdk);
            return new DemoTelemetry(sdk, resolved.get(), resource.get(), traces, file, exports);
        } catch (RuntimeException failure) {
            exports.restoreLogging();
            if (file != null) {
                file.close();
            }
            throw failure;
        }
    }

    /**
     * What the SDK's defaults become when the user configured nothing: exporters {@code none} unless an OTLP
     * endpoint is set, OTLP over {@code http/protobuf}, and the example's service name. Anything the user set is left
     * as it is.
     */
    static Map<String, String> embeddedDefaults(ConfigProperties config, String defaultServiceName) {
        Map<String, String> defaults = new HashMap<>();
        for (String signal : List.of("traces", "metrics", "logs")) {
            boolean otlpConfigured = config.getString(OTLP_ENDPOINT) != null
                    || config.getString("otel.exporter.otlp." + signal + ".endpoint") != null;
            if (config.getString("otel." + signal + ".exporter") == null && !otlpConfigured) {
                defaults.put("otel." + signal + ".exporter", "none");
            }
        }
        if (config.getString("otel.exporter.otlp.protocol") == null) {
            // The specification's recommended default; the Java SDK's own is grpc, a transport not bundled here.
            defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        }
        if (config.getString("otel.service.name") == null
                && !config.getMap("otel.resource.attributes").containsKey("service.name")) {
            defaults.put("otel.service.name", defaultServiceName);
        }
        return defaults;
    }

    /**
     * The SDK.
     *
     * @return the SDK the workflow library reports to
     */
    public OpenTelemetrySdk sdk() {
        return sdk;
    }

    /**
     * The service name the spans carry.
     *
     * @return the resource's {@code service.name}
     */
    public String serviceName() {
        return resource.getAttribute(AttributeKey.stringKey("service.name"));
    }

    /**
     * The spans kept in memory.
     *
     * @return the collector
     */
    public TraceCollector traces() {
        return traces;
    }

    /**
     * The trace file.
     *
     * @return its absolute path, or null without a file
     */
    public Path traceFile() {
        return file == null ? null : file.path();
    }

    /**
     * Whether the trace file holds every trace.
     *
     * @return true without a file, or when every write succeeded
     */
    public boolean traceFileComplete() {
        return file == null || file.failure().isEmpty();
    }

    /**
     * Where the telemetry goes, as configured: the service name, each exporter with its endpoint, the sampler; an
     * exporter that failed exports says so, with how much it sent and why it failed.
     *
     * @return lines for people
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("service.name  " + serviceName() + " (OTEL_SERVICE_NAME)");
        String traceTargets = "in memory (this process's views)";
        if (file != null) {
            traceTargets += file.failure().map(failure -> "; writing " + file.path() + " FAILED: " + failure)
                    .orElse(" and " + file.path() + " (" + TraceFile.FORMAT + ")");
        }
        lines.add("traces        " + traceTargets);
        lines.add("              exporters (OTEL_TRACES_EXPORTER): " + exporters("traces"));
        lines.add("metrics       exporters (OTEL_METRICS_EXPORTER): " + exporters("metrics"));
        String sampler = config.getString("otel.traces.sampler", "parentbased_always_on");
        String samplerArg = config.getString("otel.traces.sampler.arg");
        lines.add("sampler       " + sampler + (samplerArg == null ? "" : " (" + samplerArg + ")")
                + " (OTEL_TRACES_SAMPLER)");
        return lines;
    }

    private String exporters(String signal) {
        List<String> names = config.getList("otel." + signal + ".exporter", List.of("otlp"));
        List<String> described = new ArrayList<>();
        for (String name : names) {
            described.add(switch (name.toLowerCase(Locale.ROOT)) {
                case "none" -> "none";
                case "otlp" -> "otlp to " + otlpEndpoint(signal);
                case "zipkin" -> "zipkin to " + config.getString("otel.exporter.zipkin.endpoint",
                        "http://localhost:9411/api/v2/spans");
                case "console", "logging" -> name + " (through java.util.logging)";
                default -> name;
            } + exports.failure(signal, name).map(failure -> ": " + failure).orElse(""));
        }
        return String.join(", ", described);
    }

    private String otlpEndpoint(String signal) {
        String protocol = config.getString("otel.exporter.otlp." + signal + ".protocol",
                config.getString("otel.exporter.otlp.protocol"));
        String specific = config.getString("otel.exporter.otlp." + signal + ".endpoint");
        if (specific != null) {
            return specific + " (" + protocol + ")";
        }
        boolean grpc = "grpc".equals(protocol);
        String base = config.getString(OTLP_ENDPOINT, grpc ? "http://localhost:4317" : "http://localhost:4318");
        String path = grpc ? "" : (base.endsWith("/") ? "" : "/") + "v1/" + signal;
        return base + path + " (" + protocol + ")";
    }

    /**
     * Flushes and stops every exporter, completes the trace file, and gives the library back its global lookup. Only
     * the first call does anything; the descriptions stay readable afterwards.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        WorkflowTelemetry.useGlobal();
        sdk.close();
        exports.restoreLogging();
        if (file != null) {
            file.close();
        }
    }
}
