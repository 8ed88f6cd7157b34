package dev.tta.workflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.examples.distributed.ModelWorker;
import dev.tta.workflow.examples.distributed.SupportGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import zipkin2.Span;

/**
 * Two JVMs, really started as separate processes: the gateway runs the first part of the support agent and calls the
 * model worker over HTTP; both export to a real Zipkin, configured only by the standard {@code OTEL_*} environment
 * variables. In Zipkin, each request is one trace: the worker's spans hang under the gateway's calling span, and the
 * workflow id and correlation id crossed the hop in the W3C baggage.
 */
@ExtendWith(ZipkinServer.Extension.class)
class DistributedTraceTest {

    private static final Pattern REQUEST_LINE =
            Pattern.compile("request (\\S+) trace ([0-9a-f]{32}) workflow ([0-9a-f]{32}) (ok|failed) (.*)");
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(120);
    private static final String GATEWAY_SERVICE = "gateway-under-test";

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theWorkersSpansJoinTheGatewaysTraceUnderItsCallingSpanWithTheIdsFromTheBaggage(ZipkinServer zipkin)
            throws Exception {
        Map<String, String> otel = Map.of(
                "OTEL_TRACES_EXPORTER", "zipkin",
                "OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint());

        Process worker = start(ModelWorker.class, otel, List.of("--port=0", "--seed=5"));
        Output workerOutput = Output.of(worker);
        String workerLine = workerOutput.await(line -> line.startsWith("model worker listening on "));
        String endpoint = workerLine.substring("model worker listening on ".length()).strip();

        Map<String, String> gatewayOtel = new HashMap<>(otel);
        gatewayOtel.put("OTEL_SERVICE_NAME", GATEWAY_SERVICE);
        Process gateway = start(SupportGateway.class, gatewayOtel,
                List.of("--worker=" + endpoint, "--requests=3", "--seed=5"));
        Output gatewayOutput = Output.of(gateway);
        assertTrue(gateway.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the gateway finished");
        gatewayOutput.drained();
        assertEquals(0, gateway.exitValue(), "gateway output:\n" + gatewayOutput.text());

        worker.getOutputStream().close(); // the end of its input stops the worker, which flushes its spans
        assertTrue(worker.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the worker stopped");
        workerOutput.drained();
        assertEquals(0, worker.exitValue(), "worker output:\n" + workerOutput.text());

        List<Matcher> requests = gatewayOutput.lines().stream().map(REQUEST_LINE::matcher)
                .filter(Matcher::matches).collect(Collectors.toList());
        assertEquals(3, requests.size(), "one line per request:\n" + gatewayOutput.text());
        int validated = 0;
        for (Matcher request : requests) {
            String requestId = request.group(1);
            String traceId = request.group(2);
            String workflowId = request.group(3);
            // Each process exported its spans in the order they ended: a local root arrives with or after its spans.
            List<Span> trace = zipkin.awaitTrace(traceId, spans -> has(spans, "support-agent")
                    && (!has(spans, "askmodelworker") || has(spans, "model-router")), Duration.ofSeconds(30));
            Span root = only(trace, "support-agent");
            assertNull(root.parentId(), "the gateway's workflow span is the root");
            assertEquals(GATEWAY_SERVICE, root.localServiceName(), "OTEL_SERVICE_NAME named the gateway");
            assertEquals(workflowId, root.tags().get("workflow.id"));
            assertEquals(requestId, root.tags().get("workflow.correlation_id"));
            if (!has(trace, "askmodelworker")) {
                continue; // rejected by validation before the hop
            }
            validated++;

            Span call = only(trace, "askmodelworker");
            assertEquals(GATEWAY_SERVICE, call.localServiceName());
            Span remoteRoot = only(trace, "model-router");
            assertEquals(ModelWorker.SERVICE_NAME, remoteRoot.localServiceName(), "the worker's default name");
            assertEquals(call.id(), remoteRoot.parentId(), "the worker's first span is a child of the calling span");
            assertEquals(traceId, remoteRoot.traceId());

            List<Span> workerSpans = trace.stream()
                    .filter(span -> ModelWorker.SERVICE_NAME.equals(span.localServiceName()))
                    .collect(Collectors.toList());
            assertTrue(workerSpans.size() >= 6, "router, fallback, retry, attempt, timeout, chat: " + workerSpans);
            for (Span span : workerSpans) {
                assertTrue(descendsFrom(trace, span, call.id()), span.name() + " hangs under the calling span");
                if (span.tags().containsKey("workflow.primitive.name")) {
                    assertEquals(workflowId, span.tags().get("workflow.id"), "workflow id of " + span.name());
                    assertEquals(requestId, span.tags().get("workflow.correlation_id"),
                            "correlation id of " + span.name());
                }
            }
            // Same host, same wall clock; each process anchors its span times once per trace, so allow a millisecond.
            long slackMicros = 1_000;
            assertTrue(call.timestampAsLong() <= remoteRoot.timestampAsLong() + slackMicros
                    && remoteRoot.timestampAsLong() + remoteRoot.durationAsLong()
                            <= call.timestampAsLong() + call.durationAsLong() + slackMicros,
                    "the worker's part happens within the call");
        }
        assertTrue(validated > 0, "at least one request crossed the hop");
    }

    private Process start(Class<?> main, Map<String, String> env, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ZipkinServer.javaExecutable(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static boolean has(List<Span> trace, String name) {
        return trace.stream().anyMatch(span -> span.name().equals(name));
    }

    private static Span only(List<Span> trace, String name) {
        List<Span> named = trace.stream().filter(span -> span.name().equals(name)).collect(Collectors.toList());
        assertEquals(1, named.size(), "one span named " + name + " in " + trace);
        return named.get(0);
    }

    private static boolean descendsFrom(List<Span> trace, Span span, String ancestorId) {
        Map<String, Span> byId = trace.stream().collect(Collectors.toMap(Span::id, each -> each));
        for (Span current = span; current.parentId() != null; current = byId.get(current.parentId())) {
            if (current.parentId().equals(ancestorId)) {
                return true;
            }
            assertNotNull(byId.get(current.parentId()), "the parent of " + current.name() + " is in the trace");
        }
        return false;
    }

    /** A child process's output, read as it comes so that the process never blocks on a full pipe. */
    private static final class Output {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        private Output(Process process) {
            // A thread of its own: a shared pool may have too few threads for every blocked reader.
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // The process ended.
                } finally {
                    done.complete(null);
                }
            }, "output of " + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Output of(Process process) {
            return new Output(process);
        }

        String await(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + PROCESS_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                if (done.isDone()) {
                    break;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the expected line did not come; output:\n" + text());
        }

        void drained() throws Exception {
            done.get(30, TimeUnit.SECONDS);
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        String text() {
            return String.join("\n", lines);
        }
    }
}
