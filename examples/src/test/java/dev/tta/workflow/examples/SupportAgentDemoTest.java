package dev.tta.workflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.examples.agent.SupportAgentDemo;
import dev.tta.workflow.examples.agent.SupportAgentDemo.Options;
import dev.tta.workflow.examples.agent.SupportAgentDemo.Result;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/** The README's demo command runs this main path: a short run proves it cannot silently break. */
class SupportAgentDemoTest {

    @Test
    void aShortRunPrintsATraceTreeThePercentileTableTheCostAndWhereTheTelemetryWent(@TempDir Path directory)
            throws Exception {
        Path traces = directory.resolve("traces.jsonl");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Result result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            result = SupportAgentDemo.run(new Options(20, 42, traces), out);
        }
        String report = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(report.contains("20/20 requests"), "progress reaches the end:\n" + report);
        assertTrue(result.shownTraceId().isPresent());
        assertTrue(report.contains("trace " + result.shownTraceId().get()), report);
        assertTrue(report.lines().anyMatch(line -> line.startsWith("support-agent [sequential]")
                && line.contains("correlation_id=req-")), "the tree's root:\n" + report);
        for (String node : List.of("├─ ValidateRequest [step]", "│     ├─ customer-cache [cache]",
                "├─ model-router [router]", ".timeout [timeout]", "attempt=1", "chat [step]",
                "└─ deliver [saga]")) {
            assertTrue(report.contains(node), node + " in the tree:\n" + report);
        }
        assertTrue(report.lines().anyMatch(line -> line.matches(
                ".*chat \\[step].*  ok  model=chat-\\w+  tokens=\\d+\\+\\d+  cost=0\\.\\d+ USD")),
                "the LLM call's tokens and cost:\n" + report);
        assertTrue(report.contains("p99.9"), "the percentile table:\n" + report);
        assertTrue(report.lines().anyMatch(line -> line.matches("model-router\\s+router\\s+\\d+\\s.*USD")),
                "the router's row with its cost:\n" + report);
        assertTrue(report.lines().anyMatch(line -> line.matches("\\s+total\\s+[\\d,]+\\s+[\\d,]+\\s+0\\.\\d{6}")),
                "the cost total:\n" + report);
        assertTrue(report.lines().anyMatch(
                line -> line.matches("chat\\s+latency-150ms\\s+latency\\s+95%\\s+150 ms\\s.*")),
                "the model call's latency objective, declared with @LatencySlo, in the report:\n" + report);
        assertTrue(report.lines().anyMatch(
                line -> line.matches("SendReply\\s+availability\\s+availability\\s+99%.*")),
                "the reply's availability objective in the report:\n" + report);
        assertTrue(report.contains("Where the telemetry went:"), report);
        assertTrue(report.contains(traces.toAbsolutePath() + " (Zipkin v2 JSON, one trace a line)"), report);
        assertTrue(report.contains("service.name  " + SupportAgentDemo.SERVICE_NAME), report);
        Path views = directory.resolve("support-agent-views");
        assertTrue(report.contains("views         " + views.resolve("flame.html") + " (flame graph of 20 requests"),
                report);
        for (String file : List.of("flame.html", "flame.folded", "flame.speedscope.json", "timeline.json",
                "timeline.html")) {
            assertTrue(Files.size(views.resolve(file)) > 0, file + " written");
        }
        List<String> stacks = Files.readAllLines(views.resolve("flame.folded"));
        assertTrue(!stacks.isEmpty() && stacks.stream().allMatch(stack -> stack.startsWith("support-agent")),
                "every stack starts at the workflow's root: " + stacks);

        assertEquals(20, result.requests());
        assertTrue(result.cost().amount("USD").signum() > 0, "the model calls cost money");
        assertEquals(20, result.failed() + result.answers().values().stream().mapToInt(Integer::intValue).sum());

        // The trace file: every line a Zipkin JSON array, one trace per request.
        Set<String> traceIds = new HashSet<>();
        for (String line : Files.readAllLines(traces, StandardCharsets.UTF_8)) {
            List<Span> spans = SpanBytesDecoder.JSON_V2.decodeList(line.getBytes(StandardCharsets.UTF_8));
            assertTrue(!spans.isEmpty() && spans.stream().map(Span::traceId).distinct().count() == 1,
                    "one trace a line: " + line);
            traceIds.add(spans.get(0).traceId());
        }
        assertEquals(20, traceIds.size(), "every request's trace is in the file");
        assertTrue(traceIds.contains(result.shownTraceId().get()));
    }

    @Test
    void theSameSeedGivesTheSameOutcomesRoutesAndCost() throws Exception {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Result first = SupportAgentDemo.run(new Options(8, 9, null), nowhere);
        Result second = SupportAgentDemo.run(new Options(8, 9, null), nowhere);

        assertEquals(first.failures(), second.failures());
        assertEquals(first.answers(), second.answers());
        assertEquals(first.cost(), second.cost());
        assertEquals(first.costByModel(), second.costByModel());
    }

    @Test
    void theCommandLineTakesTheNumberOfRequestsASeedAndATraceFile() {
        assertEquals(new Options(50, 42, Path.of("support-agent-traces.jsonl")), Options.parse());
        System.setProperty(Options.TRACE_FILE_PROPERTY, "build/traces.jsonl");
        try {
            assertEquals(Path.of("build/traces.jsonl"), Options.parse().traceFile());
        } finally {
            System.clearProperty(Options.TRACE_FILE_PROPERTY);
        }
        assertEquals(new Options(7, 3, Path.of("out/t.jsonl")), Options.parse("7", "--seed=3", "--traces=out/t.jsonl"));
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> Options.parse("many"));
        assertTrue(notANumber.getMessage().contains("usage: SupportAgentDemo"), notANumber.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--speed=3"));
        assertEquals(new Options(200, 42, Path.of("support-agent-traces.jsonl"), 4), Options.parse("--slowdown=4"));
        assertEquals(60, Options.parse("60", "--slowdown=2.5").requests());
        assertEquals(2.5, Options.parse("60", "--slowdown=2.5").slowdown());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--slowdown=0.5"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--slowdown=fast"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("0"));
    }
}
