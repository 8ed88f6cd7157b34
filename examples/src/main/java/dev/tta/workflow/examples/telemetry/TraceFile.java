package dev.tta.workflow.examples.telemetry;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * Writes traces to a file a user can open later: one trace a line, each line a JSON array of spans in Zipkin's v2
 * format (the body {@code POST /api/v2/spans} accepts, and what Zipkin's UI opens with "Upload JSON"). The spans are
 * converted by OpenTelemetry's own Zipkin exporter, so the file holds exactly what a Zipkin backend would receive.
 *
 * <p>Thread-safe: lines are written whole.
 */
// OpenTelemetry deprecated its Zipkin exporter when it stopped publishing it; its last release (1.63.0) is still the
// reference conversion from OpenTelemetry spans to Zipkin's model, and works with the SDK this project uses.
@SuppressWarnings("deprecation")
public final class TraceFile implements Consumer<List<SpanData>>, AutoCloseable {

    /** How the file is described to users. */
    public static final String FORMAT = "Zipkin v2 JSON, one trace a line";

    private final Path path;
    private final ZipkinSpanExporter exporter;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private TraceFile(Path path, ZipkinSpanExporter exporter) {
        this.path = path;
        this.exporter = exporter;
    }

    /**
     * Creates (or empties) the file, and its directory if needed.
     *
     * @param path where to write
     * @return the writer
     * @throws IOException if the file cannot be created
     */
    public static TraceFile create(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(absolute));
        ZipkinSpanExporter exporter = ZipkinSpanExporter.builder()
                .setSender(new FileSender(out))
                // The exporter's own metrics would otherwise look up (and so claim) GlobalOpenTelemetry.
                .setMeterProvider(MeterProvider.noop())
                .build();
        return new TraceFile(absolute, exporter);
    }

    /**
     * The file.
     *
     * @return its absolute path
     */
    public Path path() {
        return path;
    }

    /**
     * Appends one trace as a line.
     *
     * @param spans the spans of the trace
     */
    @Override
    public void accept(List<SpanData> spans) {
        if (spans.isEmpty()) {
            return;
        }
        try {
            CompletableResultCode written = exporter.export(spans).join(10, TimeUnit.SECONDS);
            if (!written.isSuccess()) {
                Throwable cause = written.getFailureThrowable();
                failure.compareAndSet(null, cause != null ? cause
                        : new IOException("the spans of trace " + spans.get(0).getTraceId() + " were not written"));
            }
        } catch (RuntimeException | LinkageError broken) {
            // Kept for the report rather than thrown at the span processor: tracing must not break the workflow.
            failure.compareAndSet(null, broken);
        }
    }

    /**
     * The first write that failed, if any: the file then lacks some traces.
     *
     * @return the failure
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Flushes and closes the file. */
    @Override
    public void close() {
        exporter.shutdown().join(10, TimeUnit.SECONDS);
    }

    /** The Zipkin exporter's transport, here a file: each message (the spans of one export) becomes a line. */
    private static final class FileSender extends BytesMessageSender.Base {
        private final OutputStream out;
        private boolean closed;

        FileSender(OutputStream out) {
            super(Encoding.JSON);
            this.out = out;
        }

        @Override
        public int messageMaxBytes() {
            return Integer.MAX_VALUE;
        }

        @Override
        public synchronized void send(List<byte[]> encodedSpans) throws IOException {
            if (closed) {
                throw new IOException("the trace file is closed");
            }
            out.write(encoding.encode(encodedSpans));
            out.write('\n');
            out.flush();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.close();
            } catch (IOException failure) {
                throw new UncheckedIOException("could not close the trace file", failure);
            }
        }
    }
}
