package dev.tta.workflow.examples.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.codec.SpanBytesDecoder;

class TraceFileTest {

    @Test
    void eachTraceBecomesOneLineOfZipkinJsonAndAFailedWriteIsReportedNotThrown(@TempDir Path directory)
            throws Exception {
        Path path = directory.resolve("nested/traces.jsonl");
        TraceFile file = TraceFile.create(path);
        TraceCollector collector = new TraceCollector(10);
        collector.addListener(file);
        SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(collector).build();
        Tracer tracer = tracing.get("test");
        for (String name : List.of("first", "second")) {
            Span root = tracer.spanBuilder(name).startSpan();
            tracer.spanBuilder(name + "-step").setParent(Context.root().with(root)).startSpan().end();
            root.end();
        }
        file.close();

        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        assertEquals(List.of("first-step", "first"), SpanBytesDecoder.JSON_V2
                .decodeList(lines.get(0).getBytes(StandardCharsets.UTF_8)).stream().map(zipkin2.Span::name)
                .collect(Collectors.toList()));
        assertTrue(file.failure().isEmpty());

        tracer.spanBuilder("after-close").startSpan().end();
        assertTrue(file.failure().isPresent(), "the write to a closed file is remembered");
        assertEquals(2, Files.readAllLines(path, StandardCharsets.UTF_8).size());
        tracing.close();
    }
}
