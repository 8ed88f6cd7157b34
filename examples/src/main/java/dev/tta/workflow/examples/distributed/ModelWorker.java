package dev.tta.workflow.examples.distributed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.examples.CommandLine;
import dev.tta.workflow.examples.agent.AgentTask;
import dev.tta.workflow.examples.agent.Backends;
import dev.tta.workflow.examples.agent.Draft;
import dev.tta.workflow.examples.agent.SupportAgent;
import dev.tta.workflow.examples.telemetry.DemoTelemetry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The model worker: a separate process that answers the gateway's tasks with the model tier router, retry, timeout
 * and fallback of the support agent. It continues the gateway's trace from the W3C headers of each request
 * ({@link WorkflowContext#extract}), so its spans sit under the gateway's calling span in any tracing backend.
 *
 * <pre>
 * ModelWorker [--port=N] [--seed=N]
 * </pre>
 *
 * <p>Listens on the loopback interface (port 0, the default, picks a free one) and prints
 * {@code model worker listening on http://127.0.0.1:PORT/answer}. Runs until its standard input ends (Ctrl-D) or the
 * process is stopped (Ctrl-C), then flushes its telemetry. Telemetry is configured by the standard {@code OTEL_*}
 * variables; the service name defaults to {@value #SERVICE_NAME}.
 */
public final class ModelWorker implements AutoCloseable {

    /** The service name of the worker's spans unless {@code OTEL_SERVICE_NAME} says otherwise. */
    public static final String SERVICE_NAME = "support-agent-worker";

    /** The path of the answer endpoint. */
    public static final String PATH = "/answer";

    static final String USAGE = "usage: ModelWorker [--port=N] [--seed=N]";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final WorkflowPrimitive<AgentTask, Draft> answer;

    private ModelWorker(HttpServer server, ExecutorService handlers, WorkflowPrimitive<AgentTask, Draft> answer) {
        this.server = server;
        this.handlers = handlers;
        this.answer = answer;
    }

    /**
     * Starts answering on the loopback interface.
     *
     * @param port the port, 0 for any free one
     * @param backends the systems the model steps call
     * @return the running worker
     * @throws IOException if the port cannot be bound
     */
    public static ModelWorker start(int port, Backends backends) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService handlers = Executors.newFixedThreadPool(4);
        ModelWorker worker = new ModelWorker(server, handlers, SupportAgent.answer(backends));
        server.createContext(PATH, worker::handle);
        server.setExecutor(handlers);
        server.start();
        return worker;
    }

    /**
     * Where the gateway sends tasks.
     *
     * @return {@code http://127.0.0.1:PORT/answer}
     */
    public URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + PATH);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int status;
        String body;
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                status = 405;
                body = "POST a task to " + PATH;
            } else {
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
                AgentTask task = WireFormat.decodeTask(
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                // The gateway's span becomes the parent; workflow id and correlation id come from the baggage.
                WorkflowContext context = WorkflowContext.extract(headers, SupportAgent.WORKFLOW);
                Draft draft = answer.execute(task, context);
                status = 200;
                body = WireFormat.encode(Map.of("model", draft.model(), "text", draft.text()));
            }
        } catch (IllegalArgumentException malformed) {
            status = 400;
            body = malformed.getMessage();
        } catch (Exception failure) {
            status = 502;
            body = failure.toString();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", WireFormat.MEDIA_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops answering, letting requests in progress finish for up to a second. */
    @Override
    public void close() {
        server.stop(1);
        handlers.shutdown();
    }

    /**
     * Runs the worker until standard input ends.
     *
     * @param args {@code [--port=N] [--seed=N]}
     * @throws Exception if the worker cannot start
     */
    public static void main(String[] args) throws Exception {
        CommandLine line;
        try {
            line = CommandLine.parse(USAGE, Set.of("port", "seed"), args);
        } catch (IllegalArgumentException bad) {
            System.err.println(bad.getMessage());
            System.exit(2);
            return;
        }
        DemoTelemetry telemetry = DemoTelemetry.start(SERVICE_NAME, null);
        ModelWorker worker;
        try {
            worker = start((int) line.number("port", 0), Backends.simulated(line.number("seed", 42)));
        } catch (IOException | RuntimeException failure) {
            telemetry.close();
            throw failure;
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                worker.close();
                telemetry.close(); // flushes the spans of the last requests
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "model-worker-shutdown"));
        System.out.println("model worker listening on " + worker.uri());
        telemetry.describe().forEach(description -> System.out.println("  " + description));
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // Anything typed is ignored: only the end of the input stops the worker.
            }
        }
        stop.run();
        System.out.println("model worker stopped");
    }
}
