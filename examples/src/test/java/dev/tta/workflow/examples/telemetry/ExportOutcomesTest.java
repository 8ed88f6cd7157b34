package dev.tta.workflow.examples.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Tracer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An exporter that cannot connect is reported in one line, and the description no longer claims it delivered. */
class ExportOutcomesTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty("otel.traces.exporter");
        System.clearProperty("otel.metrics.exporter");
        System.clearProperty("otel.exporter.otlp.endpoint");
    }

    @Test
    void anOtlpExporterWithNothingListeningIsReportedAsFailedWithItsCause() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        System.setProperty("otel.traces.exporter", "otlp");
        System.setProperty("otel.metrics.exporter", "none");
        System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + port);
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger exporterLogger = Logger.getLogger("io.opentelemetry.exporter.otlp.internal.HttpExporter");
        exporterLogger.addHandler(handler);
        try {
            DemoTelemetry telemetry = DemoTelemetry.start("demo", null);
            Tracer tracer = telemetry.sdk().getTracer("test");
            for (int i = 0; i < 3; i++) {
                tracer.spanBuilder("span-" + i).startSpan().end();
            }
            telemetry.close(); // flushes: the export is attempted and fails
            List<String> description = telemetry.describe();
            String traces = description.stream().filter(line -> line.contains("OTEL_TRACES_EXPORTER")).findFirst()
                    .orElseThrow();
            assertTrue(traces.contains("otlp to http://127.0.0.1:" + port + "/v1/traces (http/protobuf): FAILED, "
                    + "0 of 3 spans sent ("), traces);
            assertTrue(traces.contains("ConnectException"), traces);
            assertEquals(List.of(), logged.stream().map(LogRecord::getMessage).toList(),
                    "no stack trace in the middle of the report");
        } finally {
            exporterLogger.removeHandler(handler);
        }
    }

    @Test
    void exportersThatDeliverGetNoRemark() throws Exception {
        System.setProperty("otel.traces.exporter", "none");
        DemoTelemetry telemetry = DemoTelemetry.start("demo", null);
        telemetry.sdk().getTracer("test").spanBuilder("span").startSpan().end();
        telemetry.close();
        assertFalse(String.join("\n", telemetry.describe()).contains("FAILED"));
    }
}
