package dev.tta.workflow.ops.flame;

import java.util.Locale;

/** The span file formats {@link SpanReader} reads. */
public enum SpanFormat {
    /** Zipkin v2 JSON: each top-level value (usually one a line) a JSON array of spans, as {@code POST /api/v2/spans}. */
    ZIPKIN,
    /**
     * OTLP JSON: each top-level value an {@code ExportTraceServiceRequest} in protobuf's JSON encoding
     * ({@code resourceSpans}/{@code scopeSpans}/{@code spans}), as the OpenTelemetry Collector's file exporter writes.
     */
    OTLP;

    /**
     * The format named on a command line.
     *
     * @param name {@code zipkin} or {@code otlp}, in any case
     * @return the format
     * @throws IllegalArgumentException for another name
     */
    public static SpanFormat named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown span format '" + name + "' (zipkin, otlp or auto)", unknown);
        }
    }
}
