package dev.tta.workflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.examples.agent.AgentReply;
import dev.tta.workflow.examples.agent.Backends;
import dev.tta.workflow.examples.agent.SupportAgent;
import dev.tta.workflow.examples.agent.SupportAgentDemo;
import dev.tta.workflow.examples.agent.SupportRequest;
import dev.tta.workflow.examples.agent.SupportTraffic;
import dev.tta.workflow.examples.telemetry.TraceCollector;
import dev.tta.workflow.WorkflowTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * The support agent's spans, exported by OpenTelemetry's Zipkin exporter to a real Zipkin server, read back through
 * Zipkin's HTTP API: the whole parent-child tree, the names, the error tags and the durations are what the SDK
 * recorded.
 */
@ExtendWith(ZipkinServer.Extension.class)
@SuppressWarnings("deprecation") // OpenTelemetry's Zipkin exporter, pinned at its last release
class ZipkinTraceTest {

    private static final String SERVICE = "zipkin-trace-test";
    private static final Duration ARRIVAL = Duration.ofSeconds(30);

    @Test
    void everySpanOfEveryRequestArrivesInZipkinWithItsParentNameErrorAndDuration(ZipkinServer zipkin)
            throws Exception {
        TraceCollector recorded = new TraceCollector(100);
        ZipkinSpanExporter exporter = ZipkinSpanExporter.builder().setEndpoint(zipkin.spansEndpoint()).build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setResource(Resource.getDefault().merge(Resource.create(
                                Attributes.of(AttributeKey.stringKey("service.name"), SERVICE))))
                        .addSpanProcessor(recorded)
                        .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                                .setScheduleDelay(Duration.ofMillis(100)).build())
                        .build())
                .build();
        WorkflowTelemetry.install(sdk);
        try {
            // Failures far more frequent than on an ordinary day, so a dozen requests cover rate limits and retries,
            // refused prompts answered by the fallback, and deliveries undone by the saga.
            Backends backends = Backends.simulated(11, new Backends.FailureRates(0.35, 0, 0.15, 0.3));
            WorkflowPrimitive<SupportRequest, AgentReply> agent = SupportAgent.create(backends);
            SupportTraffic traffic = new SupportTraffic(11);
            for (int i = 0; i < 12; i++) {
                SupportRequest request = traffic.next();
                try {
                    agent.execute(request, SupportAgent.contextFor(request));
                } catch (Exception expectedSometimes) {
                    // Failed requests are traced too.
                }
            }
        } finally {
            WorkflowTelemetry.useGlobal();
            sdk.getSdkTracerProvider().shutdown().join(30, TimeUnit.SECONDS); // flushes the batch to Zipkin
        }

        List<String> traceIds = recorded.traceIds();
        assertEquals(12, traceIds.size(), "one trace per request");
        Map<String, List<Span>> stored = new LinkedHashMap<>();
        for (String traceId : traceIds) {
            List<SpanData> expected = recorded.trace(traceId);
            List<Span> spans = zipkin.awaitTrace(traceId, got -> got.size() >= expected.size(), ARRIVAL);
            assertSameTrace(expected, spans);
            stored.put(traceId, spans);
        }

        // What the agent's story looks like in Zipkin, on the traces that tell each part of it.
        List<Span> all = stored.values().stream().flatMap(List::stream).collect(Collectors.toList());
        Span rateLimited = all.stream()
                .filter(span -> span.name().equals("chat") && span.tags().containsKey("error"))
                .filter(span -> span.tags().get("error.type").endsWith("RateLimitedException"))
                .findFirst().orElseThrow(() -> new AssertionError("no rate-limited model call among " + all));
        List<String> chain = ancestors(stored.get(rateLimited.traceId()), rateLimited).stream()
                .map(Span::name).collect(Collectors.toList());
        String tier = chain.get(4);
        assertTrue(Set.of("llm.small", "llm.large").contains(tier), "a model tier: " + chain);
        assertEquals(List.of("chat", tier + ".timeout", tier + ".retry",
                "workflow.fallback.alternative", tier, "model-router", "support-agent"), chain,
                "a model call sits under its timeout (the attempt), retry, fallback, the router and the request");
        Span attempt = byId(stored.get(rateLimited.traceId())).get(rateLimited.parentId());
        assertEquals("ERROR", attempt.tags().get("otel.status_code"), "the attempt failed");
        assertTrue(attempt.tags().getOrDefault("workflow.retry.attempt", "").matches("[1-9]\\d*"),
                "the attempt's number: " + attempt.tags());

        Span compensation = all.stream().filter(span -> span.name().equals("workflow.saga.compensation"))
                .findFirst().orElseThrow(() -> new AssertionError("no compensated delivery"));
        List<Span> saga = stored.get(compensation.traceId());
        assertEquals(List.of("closeticket"), childrenOf(saga, compensation.id()));
        Span deliver = byId(saga).get(compensation.parentId());
        assertEquals("deliver", deliver.name());
        assertEquals("ERROR", deliver.tags().get("otel.status_code"));
        assertEquals(List.of("openticket", "sendreply", "workflow.saga.compensation"),
                childrenOf(saga, deliver.id()));

        Span canned = all.stream().filter(span -> span.name().equals("cannedreply")).findFirst()
                .orElseThrow(() -> new AssertionError("no fallback answer"));
        Span alternative = byId(stored.get(canned.traceId())).get(canned.parentId());
        assertEquals("workflow.fallback.alternative", alternative.name());
        assertEquals("1", alternative.tags().get("workflow.fallback.index"), "the first alternative after the model");

        for (List<Span> trace : stored.values()) {
            Span root = trace.stream().filter(span -> span.parentId() == null).findFirst().orElseThrow();
            assertEquals("support-agent", root.name());
            List<String> steps = childrenOf(trace, root.id());
            assertTrue(List.of("validaterequest", "gathercontext", "model-router", "deliver")
                    .subList(0, steps.size()).equals(steps), "the request's steps in order: " + steps);
        }
    }

    @Test
    void theDemosTraceFileLoadsIntoZipkin(ZipkinServer zipkin, @TempDir Path directory) throws Exception {
        Path file = directory.resolve("traces.jsonl");
        SupportAgentDemo.run(new SupportAgentDemo.Options(5, 3, file),
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));

        Map<String, Set<String>> spanIdsByTrace = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            zipkin.post(line);
            for (Span span : SpanBytesDecoder.JSON_V2.decodeList(line.getBytes(StandardCharsets.UTF_8))) {
                spanIdsByTrace.computeIfAbsent(span.traceId(), id -> new HashSet<>()).add(span.id());
            }
        }
        assertEquals(5, spanIdsByTrace.size(), "one trace per request");
        for (Map.Entry<String, Set<String>> trace : spanIdsByTrace.entrySet()) {
            List<Span> spans = zipkin.awaitTrace(trace.getKey(), got -> got.size() >= trace.getValue().size(),
                    ARRIVAL);
            assertEquals(trace.getValue(), spans.stream().map(Span::id).collect(Collectors.toSet()));
            assertTrue(spans.stream().allMatch(span -> SupportAgentDemo.SERVICE_NAME.equals(span.localServiceName())));
        }
    }

    /** Zipkin holds exactly the spans the SDK recorded, with the same tree, names, errors, times and attributes. */
    private static void assertSameTrace(List<SpanData> expected, List<Span> stored) {
        Map<String, Span> byId = byId(stored);
        assertEquals(expected.size(), stored.size(), "span count of trace " + expected.get(0).getTraceId());
        for (SpanData span : expected) {
            Span zipkin = byId.get(span.getSpanId());
            assertNotNull(zipkin, "span " + span.getName() + " " + span.getSpanId() + " is in Zipkin");
            assertEquals(span.getTraceId(), zipkin.traceId());
            assertEquals(span.getParentSpanContext().isValid() ? span.getParentSpanId() : null, zipkin.parentId(),
                    "parent of " + span.getName());
            assertEquals(span.getName().toLowerCase(Locale.ROOT), zipkin.name());
            assertEquals(SERVICE, zipkin.localServiceName());
            long start = TimeUnit.NANOSECONDS.toMicros(span.getStartEpochNanos());
            long end = TimeUnit.NANOSECONDS.toMicros(span.getEndEpochNanos());
            assertEquals(start, zipkin.timestampAsLong(), "start of " + span.getName());
            assertEquals(Math.max(1, end - start), zipkin.durationAsLong(), "duration of " + span.getName());
            if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
                assertEquals("ERROR", zipkin.tags().get("otel.status_code"), span.getName());
                assertNotNull(zipkin.tags().get("error"), "Zipkin's error tag on " + span.getName());
            } else {
                assertFalse(zipkin.tags().containsKey("error"), span.getName() + " did not fail");
            }
            span.getAttributes().forEach((key, value) -> assertEquals(String.valueOf(value),
                    zipkin.tags().get(key.getKey()), key.getKey() + " of " + span.getName()));
        }
    }

    private static Map<String, Span> byId(List<Span> spans) {
        return spans.stream().collect(Collectors.toMap(Span::id, span -> span));
    }

    private static List<Span> ancestors(List<Span> trace, Span span) {
        Map<String, Span> byId = byId(trace);
        List<Span> chain = new ArrayList<>();
        for (Span current = span; current != null; current = byId.get(current.parentId())) {
            chain.add(current);
            if (current.parentId() == null) {
                break;
            }
        }
        assertNull(chain.get(chain.size() - 1).parentId(), "the chain reaches the root");
        return chain;
    }

    private static List<String> childrenOf(List<Span> trace, String parentId) {
        return trace.stream().filter(span -> parentId.equals(span.parentId()))
                .sorted(Comparator.comparingLong(Span::timestampAsLong))
                .map(Span::name).collect(Collectors.toList());
    }
}
