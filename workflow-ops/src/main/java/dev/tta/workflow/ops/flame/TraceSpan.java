package dev.tta.workflow.ops.flame;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One finished span, whatever format it was read from: ids as lower-case hex, times in nanoseconds since the epoch,
 * attributes as text sorted by key.
 *
 * @param traceId the trace id
 * @param spanId the span id
 * @param parentSpanId the parent's span id, or {@code null} for a root
 * @param name the span name
 * @param serviceName the service that recorded it ({@code service.name}), or {@code null} if unknown
 * @param startNanos when it started, in nanoseconds since the epoch
 * @param endNanos when it ended, in nanoseconds since the epoch; not before {@code startNanos}
 * @param attributes its attributes (tags), sorted by key
 */
public record TraceSpan(String traceId, String spanId, String parentSpanId, String name, String serviceName,
        long startNanos, long endNanos, SortedMap<String, String> attributes) {

    /** The stable semantic-convention attribute holding the source file of the code a span wraps. */
    public static final String CODE_FILE_PATH = "code.file.path";
    /** The stable semantic-convention attribute holding the line in that file. */
    public static final String CODE_LINE_NUMBER = "code.line.number";

    /**
     * Validates and copies.
     *
     * @param traceId the trace id
     * @param spanId the span id
     * @param parentSpanId the parent's span id, or {@code null} for a root
     * @param name the span name
     * @param serviceName the service that recorded it ({@code service.name}), or {@code null} if unknown
     * @param startNanos when it started, in nanoseconds since the epoch
     * @param endNanos when it ended, in nanoseconds since the epoch; not before {@code startNanos}
     * @param attributes its attributes (tags), sorted by key
     * @throws NullPointerException if an id, the name or the attributes are missing
     * @throws IllegalArgumentException if the span ends before it starts
     */
    public TraceSpan {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(name, "name");
        if (parentSpanId != null && parentSpanId.isEmpty()) {
            parentSpanId = null;
        }
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("span " + spanId + " (" + name + ") ends before it starts");
        }
        attributes = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(attributes, "attributes")));
    }

    /**
     * A span with the given attributes.
     *
     * @param traceId the trace id
     * @param spanId the span id
     * @param parentSpanId the parent's span id, or {@code null}
     * @param name the name
     * @param startNanos start in nanoseconds
     * @param endNanos end in nanoseconds
     * @param attributes the attributes
     * @return the span, with no service name
     */
    public static TraceSpan of(String traceId, String spanId, String parentSpanId, String name, long startNanos,
            long endNanos, Map<String, String> attributes) {
        return new TraceSpan(traceId, spanId, parentSpanId, name, null, startNanos, endNanos, new TreeMap<>(attributes));
    }

    /**
     * How long it took.
     *
     * @return end minus start, in nanoseconds
     */
    public long durationNanos() {
        return endNanos - startNanos;
    }

    /**
     * The source file of the code this span wraps, if the span says ({@value #CODE_FILE_PATH}).
     *
     * @return the path as recorded
     */
    public Optional<String> codeFilePath() {
        String path = attributes.get(CODE_FILE_PATH);
        return path == null || path.isBlank() ? Optional.empty() : Optional.of(path);
    }

    /**
     * The line of that code, if the span says ({@value #CODE_LINE_NUMBER}) and it is a positive number.
     *
     * @return the line
     */
    public OptionalInt codeLineNumber() {
        String line = attributes.get(CODE_LINE_NUMBER);
        if (line == null) {
            return OptionalInt.empty();
        }
        try {
            int value = Integer.parseInt(line.trim());
            return value > 0 ? OptionalInt.of(value) : OptionalInt.empty();
        } catch (NumberFormatException notANumber) {
            return OptionalInt.empty();
        }
    }

    /**
     * Where the code is, as {@code File.java:42} (the file's name only) or {@code File.java} without a line; empty
     * when the span carries no file.
     *
     * @return the short source location
     */
    public Optional<String> sourceLabel() {
        return codeFilePath().map(path -> {
            int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
            String file = path.substring(slash + 1);
            OptionalInt line = codeLineNumber();
            return line.isPresent() ? file + ":" + line.getAsInt() : file;
        });
    }
}
