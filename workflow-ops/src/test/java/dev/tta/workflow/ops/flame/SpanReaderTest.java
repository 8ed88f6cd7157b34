package dev.tta.workflow.ops.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three inputs, and clear errors for bad ones. */
class SpanReaderTest {

    @TempDir
    Path directory;

    @Test
    void readsTheDemosZipkinTraceFile() throws Exception {
        List<TraceSpan> written = SyntheticTraces.spans(3, 1);
        Path file = SyntheticTraces.writeZipkin(written, directory.resolve("traces.jsonl"));
        List<TraceSpan> read = SpanReader.read(file);
        assertEquals(written, read, "microsecond times, ids, names, service and tags survive the round trip");
        assertEquals(3, Run.of(read).size());
        assertEquals(SpanFormat.ZIPKIN, SpanFormat.named("Zipkin"));
    }

    @Test
    void readsOtlpJson() throws Exception {
        List<TraceSpan> spans = SpanReader.read(resource("flame/otlp-trace.json"));
        assertEquals(2, spans.size());
        TraceSpan root = spans.get(0);
        assertEquals("5b8efff798038103d269b633813fc60c", root.traceId());
        assertEquals("eee19b7ec3c1b174", root.spanId());
        assertNull(root.parentSpanId());
        assertEquals("support-service", root.serviceName());
        assertEquals(1_544_712_660_000_000_000L, root.startNanos());
        assertEquals(1_000_000_000L, root.durationNanos());
        assertEquals(Map.of("workflow.name", "support-agent", "workflow.attempts", "3", "workflow.cached", "true",
                "workflow.cost", "0.25", "workflow.tags", "[a, b]", "otel.scope.name", "dev.tta.workflow"),
                root.attributes());
        TraceSpan model = spans.get(1);
        assertEquals("eee19b7ec3c1b174", model.parentSpanId());
        assertEquals(800_000_000L, model.durationNanos());
        assertEquals("ERROR", model.attributes().get("otel.status_code"));
        assertEquals("model timed out", model.attributes().get("otel.status_description"));
        assertEquals("CallModel.java:44", model.sourceLabel().orElseThrow());
        assertEquals(1, Run.of(spans).size());
    }

    @Test
    void readsOtlpJsonLinesAndBase64Ids() throws Exception {
        String line = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\","
                + "\"spanId\":\"7uGbfsPBsXQ=\",\"name\":\"a\",\"startTimeUnixNano\":\"10\",\"endTimeUnixNano\":\"30\"}]}]}]}";
        List<TraceSpan> spans = SpanReader.read(new StringReader(line + "\n" + line.replace("\"a\"", "\"b\"")),
                "otlp.jsonl", null);
        assertEquals(2, spans.size());
        assertEquals("5b8efff798038103d269b633813fc60c", spans.get(0).traceId());
        assertEquals("eee19b7ec3c1b174", spans.get(0).spanId());
        assertEquals("b", spans.get(1).name());
    }

    @Test
    void convertsSpansCollectedInProcess() {
        List<SpanData> finished = new ArrayList<>();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().toBuilder().put("service.name", "support-service").build())
                .addSpanProcessor(SimpleSpanProcessor.create(new Collecting(finished))).build();
        Tracer tracer = provider.get("dev.tta.workflow");
        Span root = tracer.spanBuilder("support-agent").startSpan();
        Scope scope = root.makeCurrent();
        try {
            Span step = tracer.spanBuilder("CallModel").setAttribute("code.file.path", "CallModel.java")
                    .setAttribute("code.line.number", 44L).startSpan();
            step.setStatus(StatusCode.ERROR, "boom");
            step.end();
        } finally {
            scope.close();
            root.end();
        }
        provider.close();
        List<TraceSpan> spans = SpanReader.fromSpanData(finished);
        TraceSpan step = spans.get(0);
        assertEquals(finished.get(0).getSpanId(), step.spanId());
        assertEquals(finished.get(1).getSpanId(), step.parentSpanId());
        assertEquals("support-service", step.serviceName());
        assertEquals(Map.of("code.file.path", "CallModel.java", "code.line.number", "44", "otel.scope.name",
                "dev.tta.workflow", "otel.status_code", "ERROR", "otel.status_description", "boom"), step.attributes());
        assertEquals(44, step.codeLineNumber().getAsInt());
        assertNull(spans.get(1).parentSpanId());
        Run run = Run.of(spans).get(0);
        assertEquals("support-agent", run.root().span().name());
        assertEquals(2, run.spanCount());
    }

    @Test
    void malformedJsonNamesTheLine() throws Exception {
        Path file = directory.resolve("broken.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(
                SyntheticTraces.writeZipkin(SyntheticTraces.spans(3, 1), directory.resolve("good.jsonl"))));
        lines.set(1, lines.get(1).substring(0, 200));
        Files.write(file, lines);
        TraceFormatException failure = assertThrows(TraceFormatException.class, () -> SpanReader.read(file));
        assertEquals(2, failure.line(), failure.getMessage());
        assertTrue(failure.getMessage().startsWith(file + ":2: malformed JSON"), failure.getMessage());
    }

    @Test
    void spansLackingWhatTheyNeedAreNamedWithTheirLine() {
        TraceFormatException noTimestamp = assertThrows(TraceFormatException.class, () -> SpanReader.read(
                new StringReader("[]\n[{\"traceId\":\"ab\",\"id\":\"cd\",\"name\":\"x\"}]\n"), "t.jsonl", null));
        assertEquals("t.jsonl:2: span 0 of the trace (cd) has no numeric timestamp", noTimestamp.getMessage());
        TraceFormatException badId = assertThrows(TraceFormatException.class, () -> SpanReader.read(
                new StringReader("[{\"traceId\":\"zz\",\"id\":\"cd\",\"timestamp\":1}]"), "t.jsonl", null));
        assertEquals("t.jsonl:1: span 0 of the trace has a traceId that is not hex: 'zz'", badId.getMessage());
        TraceFormatException notAnArray = assertThrows(TraceFormatException.class, () -> SpanReader.read(
                new StringReader("[]\n\"x\""), "t.jsonl", SpanFormat.ZIPKIN));
        assertEquals("t.jsonl:2: expected a JSON array of Zipkin spans, found string", notAnArray.getMessage());
        TraceFormatException otlp = assertThrows(TraceFormatException.class, () -> SpanReader.read(
                new StringReader("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"ab\",\"spanId\":"
                        + "\"cd\",\"name\":\"x\"}]}]}]}"), "o.json", null));
        assertEquals("o.json:1: resourceSpans[0].scopeSpans[0].spans[0] has no startTimeUnixNano (nanoseconds as a"
                + " string)", otlp.getMessage());
        TraceFormatException neither = assertThrows(TraceFormatException.class, () -> SpanReader.read(
                new StringReader("hello"), "h.txt", null));
        assertTrue(neither.getMessage().startsWith("h.txt:1: malformed JSON: Unrecognized token 'hello'"),
                neither.getMessage());
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SpanReaderTest.class.getClassLoader().getResource(name).toURI());
    }

    /** Keeps what the SDK exports. */
    private record Collecting(List<SpanData> spans) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
