package dev.tta.workflow.ops.flame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads spans from OpenTelemetry's in-process {@link SpanData}, Zipkin v2 JSON and OTLP JSON into {@link TraceSpan}s.
 *
 * <p>All three give the same attributes for the same span: its own attributes (Zipkin: tags), plus
 * {@code otel.scope.name}, and {@code otel.status_code} / {@code otel.status_description} when the status is set, as
 * OpenTelemetry's Zipkin exporter writes them. Malformed input throws a {@link TraceFormatException} naming the line.
 */
public final class SpanReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final String UNNAMED = "(unnamed)";

    private SpanReader() {
    }

    /**
     * Converts spans collected in process, e.g. by an {@code InMemorySpanExporter}.
     *
     * @param spans the finished spans
     * @return them, in the same order
     */
    public static List<TraceSpan> fromSpanData(Collection<? extends SpanData> spans) {
        List<TraceSpan> converted = new ArrayList<>(spans.size());
        for (SpanData span : spans) {
            TreeMap<String, String> attributes = new TreeMap<>();
            span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), String.valueOf(value)));
            String scope = span.getInstrumentationScopeInfo().getName();
            if (scope != null && !scope.isEmpty()) {
                attributes.putIfAbsent("otel.scope.name", scope);
            }
            StatusData status = span.getStatus();
            if (status.getStatusCode() != StatusCode.UNSET) {
                attributes.putIfAbsent("otel.status_code", status.getStatusCode().name());
                if (!status.getDescription().isEmpty()) {
                    attributes.putIfAbsent("otel.status_description", status.getDescription());
                }
            }
            String parent = span.getParentSpanContext().isValid() ? span.getParentSpanId() : null;
            converted.add(new TraceSpan(span.getTraceId(), span.getSpanId(), parent, nameOf(span.getName()),
                    span.getResource().getAttribute(SERVICE_NAME), span.getStartEpochNanos(),
                    Math.max(span.getStartEpochNanos(), span.getEndEpochNanos()), attributes));
        }
        return converted;
    }

    /**
     * Reads a file, telling Zipkin from OTLP by its first character ({@code [} or {@code {}).
     *
     * @param file the file
     * @return its spans, in file order
     * @throws TraceFormatException if it is malformed
     * @throws UncheckedIOException if it cannot be read
     */
    public static List<TraceSpan> read(Path file) {
        return read(file, null);
    }

    /**
     * Reads a file in the given format.
     *
     * @param file the file
     * @param format its format, or {@code null} to tell from the content
     * @return its spans, in file order
     * @throws TraceFormatException if it is malformed
     * @throws UncheckedIOException if it cannot be read
     */
    public static List<TraceSpan> read(Path file, SpanFormat format) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString(), format);
        } catch (NoSuchFileException missing) {
            throw new UncheckedIOException("span file " + file + " does not exist", missing);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read " + file + ": " + failure.getMessage(), failure);
        }
    }

    /**
     * Reads spans from text.
     *
     * @param text the input
     * @param source what to call it in error messages
     * @param format its format, or {@code null} to tell from the content
     * @return its spans, in order
     * @throws TraceFormatException if it is malformed
     * @throws IOException if it cannot be read
     */
    public static List<TraceSpan> read(Reader text, String source, SpanFormat format) throws IOException {
        PushbackReader in = new PushbackReader(text instanceof BufferedReader ? text : new BufferedReader(text), 1);
        if (format == null) {
            format = detect(in, source);
        }
        List<TraceSpan> spans = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(in)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode value = MAPPER.readTree(parser);
                if (format == SpanFormat.ZIPKIN) {
                    zipkin(value, source, line, spans);
                } else {
                    otlp(value, source, line, spans);
                }
            }
        } catch (JsonProcessingException malformed) {
            int line = malformed.getLocation() == null ? 0 : malformed.getLocation().getLineNr();
            throw new TraceFormatException(source, line, "malformed JSON: " + malformed.getOriginalMessage(),
                    malformed);
        }
        return spans;
    }

    private static SpanFormat detect(PushbackReader in, String source) throws IOException {
        int c;
        do {
            c = in.read();
        } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF');
        if (c >= 0) {
            in.unread(c);
        }
        if (c == '[') {
            return SpanFormat.ZIPKIN;
        }
        if (c == '{') {
            return SpanFormat.OTLP;
        }
        if (c < 0) {
            return SpanFormat.ZIPKIN;
        }
        throw new TraceFormatException(source, 1, "neither Zipkin JSON (a '[' array of spans) nor OTLP JSON (a '{'"
                + " ExportTraceServiceRequest): starts with '" + (char) c + "'", null);
    }

    private static void zipkin(JsonNode trace, String source, int line, List<TraceSpan> spans) {
        if (!trace.isArray()) {
            throw new TraceFormatException(source, line, "expected a JSON array of Zipkin spans, found "
                    + trace.getNodeType().name().toLowerCase(Locale.ROOT), null);
        }
        int index = 0;
        for (JsonNode span : trace) {
            String where = "span " + index++ + " of the trace";
            if (!span.isObject()) {
                throw new TraceFormatException(source, line, where + " is not a JSON object", null);
            }
            String traceId = hexId(span, "traceId", source, line, where, true);
            String spanId = hexId(span, "id", source, line, where, true);
            String parentId = hexId(span, "parentId", source, line, where, false);
            JsonNode timestamp = span.get("timestamp");
            if (timestamp == null || !timestamp.canConvertToLong()) {
                throw new TraceFormatException(source, line, where + " (" + spanId + ") has no numeric timestamp",
                        null);
            }
            JsonNode duration = span.get("duration");
            if (duration != null && !duration.canConvertToLong()) {
                throw new TraceFormatException(source, line, where + " (" + spanId + ") has a non-numeric duration",
                        null);
            }
            long start = Math.multiplyExact(timestamp.asLong(), 1000L);
            long length = duration == null ? 0 : Math.max(0, duration.asLong()) * 1000L;
            TreeMap<String, String> attributes = new TreeMap<>();
            JsonNode tags = span.get("tags");
            if (tags != null && tags.isObject()) {
                for (Map.Entry<String, JsonNode> tag : tags.properties()) {
                    attributes.put(tag.getKey(), tag.getValue().asText());
                }
            }
            JsonNode endpoint = span.get("localEndpoint");
            String service = endpoint == null ? null : text(endpoint.get("serviceName"));
            spans.add(new TraceSpan(traceId, spanId, parentId, nameOf(text(span.get("name"))), service, start,
                    start + length, attributes));
        }
    }

    private static void otlp(JsonNode request, String source, int line, List<TraceSpan> spans) {
        if (!request.isObject()) {
            throw new TraceFormatException(source, line, "expected an OTLP ExportTraceServiceRequest object", null);
        }
        JsonNode resourceSpans = request.get("resourceSpans");
        if (resourceSpans == null || !resourceSpans.isArray()) {
            throw new TraceFormatException(source, line, "an OTLP ExportTraceServiceRequest needs a resourceSpans"
                    + " array", null);
        }
        for (int r = 0; r < resourceSpans.size(); r++) {
            JsonNode resource = resourceSpans.get(r);
            String service = null;
            for (JsonNode attribute : resource.path("resource").path("attributes")) {
                if ("service.name".equals(text(attribute.get("key")))) {
                    service = anyValue(attribute.get("value"));
                }
            }
            JsonNode scopes = resource.has("scopeSpans") ? resource.get("scopeSpans")
                    : resource.path("instrumentationLibrarySpans");
            for (int s = 0; s < scopes.size(); s++) {
                JsonNode scope = scopes.get(s);
                String scopeName = text(scope.path(scope.has("scope") ? "scope" : "instrumentationLibrary")
                        .get("name"));
                JsonNode list = scope.path("spans");
                for (int i = 0; i < list.size(); i++) {
                    String where = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
                    spans.add(otlpSpan(list.get(i), service, scopeName, source, line, where));
                }
            }
        }
    }

    private static TraceSpan otlpSpan(JsonNode span, String service, String scopeName, String source, int line,
            String where) {
        String traceId = otlpId(span, "traceId", source, line, where, true);
        String spanId = otlpId(span, "spanId", source, line, where, true);
        String parentId = otlpId(span, "parentSpanId", source, line, where, false);
        long start = nanos(span, "startTimeUnixNano", source, line, where);
        long end = nanos(span, "endTimeUnixNano", source, line, where);
        TreeMap<String, String> attributes = new TreeMap<>();
        for (JsonNode attribute : span.path("attributes")) {
            String key = text(attribute.get("key"));
            if (key != null) {
                attributes.put(key, anyValue(attribute.get("value")));
            }
        }
        if (scopeName != null && !scopeName.isEmpty()) {
            attributes.putIfAbsent("otel.scope.name", scopeName);
        }
        JsonNode status = span.path("status");
        String code = statusCode(status.get("code"));
        if (code != null) {
            attributes.putIfAbsent("otel.status_code", code);
            String message = text(status.get("message"));
            if (message != null && !message.isEmpty()) {
                attributes.putIfAbsent("otel.status_description", message);
            }
        }
        return new TraceSpan(traceId, spanId, parentId, nameOf(text(span.get("name"))), service, start,
                Math.max(start, end), attributes);
    }

    private static String statusCode(JsonNode code) {
        if (code == null || code.isNull()) {
            return null;
        }
        String value = code.asText();
        return switch (value) {
            case "1", "STATUS_CODE_OK" -> "OK";
            case "2", "STATUS_CODE_ERROR" -> "ERROR";
            default -> null;
        };
    }

    private static long nanos(JsonNode span, String field, String source, int line, String where) {
        JsonNode value = span.get(field);
        if (value != null && (value.isIntegralNumber() || value.isTextual())) {
            try {
                return value.isTextual() ? Long.parseLong(value.textValue()) : value.longValue();
            } catch (NumberFormatException notANumber) {
                // reported below
            }
        }
        throw new TraceFormatException(source, line, where + " has no " + field + " (nanoseconds as a string)", null);
    }

    private static String anyValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.has("stringValue")) {
            return value.get("stringValue").asText();
        }
        if (value.has("boolValue")) {
            return value.get("boolValue").asText();
        }
        if (value.has("intValue")) {
            return value.get("intValue").asText();
        }
        if (value.has("doubleValue")) {
            return value.get("doubleValue").asText();
        }
        if (value.has("bytesValue")) {
            return value.get("bytesValue").asText();
        }
        if (value.has("arrayValue")) {
            List<String> items = new ArrayList<>();
            value.get("arrayValue").path("values").forEach(item -> items.add(anyValue(item)));
            return items.toString();
        }
        if (value.has("kvlistValue")) {
            TreeMap<String, String> entries = new TreeMap<>();
            value.get("kvlistValue").path("values")
                    .forEach(entry -> entries.put(entry.path("key").asText(), anyValue(entry.get("value"))));
            return entries.toString();
        }
        return "";
    }

    private static String otlpId(JsonNode span, String field, String source, int line, String where,
            boolean required) {
        String value = text(span.get(field));
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new TraceFormatException(source, line, where + " has no " + field, null);
            }
            return null;
        }
        if (isHex(value)) {
            return value.toLowerCase(Locale.ROOT);
        }
        // Protobuf's canonical JSON encodes bytes as base64; OTLP specifies hex, but some writers use the former.
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            StringBuilder hex = new StringBuilder(bytes.length * 2);
            for (byte b : bytes) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (IllegalArgumentException notBase64) {
            throw new TraceFormatException(source, line, where + " has a " + field + " that is neither hex nor"
                    + " base64: " + printable(value), null);
        }
    }

    private static String hexId(JsonNode span, String field, String source, int line, String where,
            boolean required) {
        String value = text(span.get(field));
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new TraceFormatException(source, line, where + " has no " + field, null);
            }
            return null;
        }
        if (!isHex(value)) {
            throw new TraceFormatException(source, line, where + " has a " + field + " that is not hex: "
                    + printable(value), null);
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static boolean isHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return !value.isEmpty();
    }

    private static String printable(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String nameOf(String name) {
        return name == null || name.isEmpty() ? UNNAMED : name;
    }
}
