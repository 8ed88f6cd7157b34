package dev.tta.workflow.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A real Zipkin server, its executable jar from Maven Central (copied by the build), run as a separate {@code java}
 * process on a free loopback port with in-memory storage. One server serves every test class of a run: test classes
 * extended with {@link Extension} get it as a parameter, started on first use and stopped when the run ends.
 */
public final class ZipkinServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ZipkinServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Resolves {@code ZipkinServer} parameters with the run's one server. */
    public static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == ZipkinServer.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // The root store closes the server (an AutoCloseable) when the whole run ends.
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(ZipkinServer.class, key -> start(), ZipkinServer.class);
        }
    }

    private static ZipkinServer start() {
        String jarProperty = System.getProperty("zipkin.jar");
        if (jarProperty == null || !Files.isRegularFile(Path.of(jarProperty))) {
            fail("no Zipkin server jar at " + jarProperty + ": run the tests through Maven (./mvnw verify), whose"
                    + " dependency plugin copies io.zipkin:zipkin-server:exec into target/zipkin");
        }
        Path jar = Path.of(jarProperty);
        Path log = jar.resolveSibling("zipkin-server.log");
        try {
            int port = freeLoopbackPort();
            ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString(),
                    // Zipkin serves through Armeria: bind its one HTTP port to the loopback interface only.
                    "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port,
                    "--armeria.ports[0].protocols[0]=http")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_"));
            ZipkinServer server = new ZipkinServer(builder.start(), URI.create("http://127.0.0.1:" + port), log);
            server.awaitHealthy();
            return server;
        } catch (IOException | InterruptedException failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("could not start the Zipkin server from " + jar + "; its log: " + log,
                    failure);
        }
    }

    /**
     * A port nobody listens on right now.
     *
     * @return the port
     * @throws IOException if no socket can be opened
     */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The {@code java} of the JDK running the tests, so child processes run on the same JDK.
     *
     * @return the executable's path
     */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the Zipkin server exited with " + process.exitValue() + " before it was healthy; its log:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Still starting.
            }
            Thread.sleep(200);
        }
        fail("the Zipkin server was not healthy within " + STARTUP + "; its log: " + log);
    }

    /**
     * Where the OpenTelemetry Zipkin exporter sends spans.
     *
     * @return {@code http://127.0.0.1:PORT/api/v2/spans}
     */
    public String spansEndpoint() {
        return base + "/api/v2/spans";
    }

    /**
     * Posts spans as a client would.
     *
     * @param json a JSON array of spans in Zipkin's v2 format
     * @throws IOException if Zipkin does not accept them
     * @throws InterruptedException if interrupted
     */
    public void post(String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(spansEndpoint()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("Zipkin answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * Reads a trace back through Zipkin's query API, waiting until it satisfies a condition: spans are stored a
     * moment after they are accepted, and an exporter may send a trace in several batches.
     *
     * @param traceId the trace
     * @param complete when to stop waiting
     * @param timeout how long to wait at most
     * @return the trace's spans as Zipkin stores them
     * @throws Exception if the trace is not complete in time, or the query fails
     */
    public List<Span> awaitTrace(String traceId, Predicate<List<Span>> complete, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Span> spans = List.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get("/api/v2/trace/" + traceId);
            if (response.statusCode() == 200) {
                spans = SpanBytesDecoder.JSON_V2.decodeList(response.body().getBytes(StandardCharsets.UTF_8));
                if (complete.test(spans)) {
                    return spans;
                }
            } else if (response.statusCode() != 404) {
                throw new IOException("Zipkin answered " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("trace " + traceId + " did not arrive complete in Zipkin within " + timeout
                + "; it has " + spans.size() + " spans: " + spans);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the server. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
