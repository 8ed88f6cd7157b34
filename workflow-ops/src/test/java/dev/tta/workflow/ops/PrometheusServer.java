package dev.tta.workflow.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
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

/**
 * A real Prometheus server on a free loopback port, with its own configuration and storage in a temporary directory,
 * scraping one target every second and evaluating rules every second.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** A port nobody listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts Prometheus and waits until it is ready.
     *
     * @param directory an empty directory for its configuration, storage and log
     * @param job the scrape job name (the {@code job} label)
     * @param targetPort the loopback port of the exporter
     * @param ruleFiles rule files to load
     */
    static PrometheusServer start(Path directory, String job, int targetPort, List<Path> ruleFiles)
            throws IOException, InterruptedException {
        Path binary = ExternalTools.prometheus();
        StringBuilder config = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
                .append("rule_files:\n");
        for (Path file : ruleFiles) {
            config.append("  - ").append(file.toAbsolutePath()).append('\n');
        }
        config.append("scrape_configs:\n  - job_name: ").append(job).append('\n')
                .append("    static_configs:\n      - targets: ['127.0.0.1:").append(targetPort).append("']\n");
        Path configFile = Files.writeString(directory.resolve("prometheus.yml"), config);
        int port = freePort();
        Path log = directory.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = server.http.send(HttpRequest.newBuilder(server.base.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("prometheus not ready after 60 s:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    /** {@code /api/v1/query} at the current time: the {@code data.result} array. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        URI uri = base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query failed (" + response.statusCode() + "): " + promql + "\n"
                    + response.body());
        }
        return body.path("data").path("result");
    }

    /** The single value of an instant vector query, or NaN when the result is empty. */
    double value(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() != 1) {
            throw new IllegalStateException("expected one series from " + promql + ", got " + result);
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** Polls a query every 250 ms until its result satisfies the condition; returns the last result either way. */
    JsonNode await(String promql, Predicate<JsonNode> condition, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode result = query(promql);
        while (!condition.test(result) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            result = query(promql);
        }
        return result;
    }

    /** The server's log so far, for failure messages. */
    String log() throws IOException {
        return Files.readString(log);
    }

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
