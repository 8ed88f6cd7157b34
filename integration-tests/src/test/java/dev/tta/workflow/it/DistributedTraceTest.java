package dev.tta.workflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tta.workflow.context.WorkflowContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A workflow that crosses an HTTP hop (JDK client to the JDK's HTTP server, on loopback) stays one trace: the
 * worker's spans hang under the gateway's calling span, and the workflow and correlation ids survive in the baggage.
 */
class DistributedTraceTest {

    private Sdk sdk;
    private HttpServer worker;

    @BeforeEach
    void start() throws IOException {
        sdk = Sdk.installed();
        worker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        worker.createContext("/pack", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer;
            int status = 200;
            try {
                answer = new InstrumentedPackOrder().execute(body, WorkflowContext.extract(headers, "packing"))
                        .getBytes(StandardCharsets.UTF_8);
            } catch (Exception e) {
                status = 500;
                answer = e.toString().getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        worker.start();
    }

    @AfterEach
    void stop() {
        worker.stop(0);
        sdk.close();
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + worker.getAddress().getPort() + "/pack");
    }

    @Test
    void workerSpansJoinTheGatewaysTraceUnderTheCallingSpan() throws Exception {
        WorkflowContext gateway = WorkflowContext.start("checkout").withCorrelationId("req-123");

        String answer = new InstrumentedCallWorker(endpoint()).execute("ord-9", gateway);

        assertEquals("packed ord-9 in packing " + gateway.workflowId() + " req-123", answer,
                "workflow id and correlation id survived the hop");
        SpanData call = sdk.named("CallWorker");
        SpanData pack = sdk.named("PackOrder");
        assertEquals(call.getTraceId(), pack.getTraceId(), "one trace across the hop");
        assertEquals(call.getSpanId(), pack.getParentSpanId(), "the worker's span is a child of the calling span");
        assertTrue(pack.getParentSpanContext().isRemote());
        assertEquals("packing", pack.getAttributes().get(dev.tta.workflow.telemetry.TelemetryNames.WORKFLOW_NAME));
    }

    @Test
    void malformedOrMissingHeadersStartAFreshTraceWithoutFailing() throws Exception {
        for (Map<String, String> headers : List.of(
                Map.of("traceparent", "garbage", "baggage", "=;;"),
                Map.of("traceparent", "00-00000000000000000000000000000000-0000000000000000-01"),
                Map.<String, String>of())) {
            String answer = new InstrumentedPackOrder().execute("x", WorkflowContext.extract(headers, "packing"));
            assertTrue(answer.startsWith("packed x in packing "));
        }

        List<SpanData> spans = sdk.finished();
        assertEquals(3, spans.size());
        for (SpanData span : spans) {
            assertEquals(SpanId.getInvalid(), span.getParentSpanId(), "each one is the root of a new trace");
            assertFalse(span.getParentSpanContext().isValid());
        }
        assertNotEquals(spans.get(0).getTraceId(), spans.get(1).getTraceId());
    }
}
