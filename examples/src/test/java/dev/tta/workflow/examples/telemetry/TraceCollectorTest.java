package dev.tta.workflow.examples.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TraceCollectorTest {

    private final TraceCollector collector = new TraceCollector(2);
    private final List<List<String>> handedOn = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(collector).build();
    private final Tracer tracer = tracing.get("test");

    TraceCollectorTest() {
        collector.addListener(spans -> handedOn.add(spans.stream().map(SpanData::getName)
                .collect(Collectors.toList())));
    }

    private Span child(String name, Span parent) {
        return tracer.spanBuilder(name).setParent(Context.root().with(parent)).startSpan();
    }

    @Test
    void aTraceIsHandedOnWholeWhenItsRootEnds() {
        Span root = tracer.spanBuilder("root").startSpan();
        Span step = child("step", root);
        step.end();
        assertEquals(List.of(), handedOn, "nothing before the root ends");
        root.end();

        assertEquals(List.of(List.of("step", "root")), handedOn);
        assertEquals(List.of("step", "root"), collector.trace(root.getSpanContext().getTraceId()).stream()
                .map(SpanData::getName).collect(Collectors.toList()));
    }

    @Test
    void aSpanEndingAfterItsRootJoinsTheTraceAndIsHandedOnAlone() {
        Span root = tracer.spanBuilder("root").startSpan();
        Span abandoned = child("abandoned", root); // a step a timeout gave up on
        root.end();
        abandoned.end();

        assertEquals(List.of(List.of("root"), List.of("abandoned")), handedOn);
        assertEquals(2, collector.trace(root.getSpanContext().getTraceId()).size());
    }

    @Test
    void spansWhoseRootNeverEndedAreHandedOnAtShutdown() {
        Span root = tracer.spanBuilder("root").startSpan();
        child("step", root).end();
        tracing.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);

        assertEquals(List.of(List.of("step")), handedOn);
    }

    @Test
    void onlyTheNewestTracesAreKept() {
        for (int i = 0; i < 3; i++) {
            tracer.spanBuilder("root-" + i).startSpan().end();
        }
        assertEquals(2, collector.traceIds().size());
        assertEquals("root-2", collector.trace(collector.lastTraceId().orElseThrow()).get(0).getName());
        assertEquals(collector.lastTraceId(), collector.newestTrace(span -> span.getName().startsWith("root-")));
        assertThrows(IllegalArgumentException.class, () -> new TraceCollector(0));
    }
}
