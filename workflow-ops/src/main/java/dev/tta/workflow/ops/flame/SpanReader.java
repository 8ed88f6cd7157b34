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
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
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
     * Reads a file, telling Zipkin from OTLP by its first character (<code>[</code> or <code>{</code>).
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
        // Bytes rather than characters: Jackson's UTF-8 parser is the faster one, and trace files are large.
        try (InputStream in = Files.newInputStream(file)) {
            return parse(FACTORY.createParser(in), file.toString(), format);
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
        return parse(FACTORY.createParser(text), source, format);
    }

    private static List<TraceSpan> parse(JsonParser input, String source, SpanFormat format) throws IOException {
        List<TraceSpan> spans = new ArrayList<>();
        try (JsonParser parser = input) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                if (format == null) {
                    format = token == JsonToken.START_ARRAY ? SpanFormat.ZIPKIN : SpanFormat.OTLP;
                }
                if (format == SpanFormat.ZIPKIN && token == JsonToken.START_ARRAY) {
                    // Streamed rather than read as a tree: this is most of the time taken.
                    zipkin(parser, source, line, spans);
                } else if (format == SpanFormat.ZIPKIN) {
                    throw new TraceFormatException(source, line, "expected a JSON array of Zipkin spans, found "
                            + MAPPER.<JsonNode>readTree(parser).getNodeType().name().toLowerCase(Locale.ROOT), null);
                } else {
                    otlp(MAPPER.readTree(parser), source, line, spans);
                }
            }
        } catch (JsonProcessingException malformed) {
            int line = malformed.getLocation() == null ? 0 : malformed.getLocation().getLineNr();
            throw new TraceFormatException(source, line, "malformed JSON: " + malformed.getOriginalMessage(),
                    malformed);
        }
        return spans;
    }

    /** One trace: the parser is on its opening bracket. */
    private static void zipkin(JsonParser parser, String source, int line, List<TraceSpan> spans) throws IOException {
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            int position = index++;
            if (token != JsonToken.START_OBJECT) {
                throw new TraceFormatException(source, line, where(position) + " is not a JSON object", null);
            }
            String traceId = null;
            String spanId = null;
            String parentId = null;
            String name = null;
            String service = null;
            Long timestamp = null;
            long duration = 0;
            boolean badDuration = false;
            TreeMap<String, String> attributes = new TreeMap<>();
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "traceId" -> traceId = scalar(parser, value);
                    case "id" -> spanId = scalar(parser, value);
                    case "parentId" -> parentId = scalar(parser, value);
                    case "name" -> name = scalar(parser, value);
                    case "timestamp" -> timestamp = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                    case "duration" -> {
                        if (value == JsonToken.VALUE_NUMBER_INT) {
                            duration = parser.getLongValue();
                        } else if (value != JsonToken.VALUE_NULL) {
                            badDuration = true;
                            parser.skipChildren();
                        }
                    }
                    case "localEndpoint" -> {
                        if (value == JsonToken.START_OBJECT) {
                            for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
                                JsonToken inner = parser.nextToken();
                                if (key.equals("serviceName")) {
                                    service = scalar(parser, inner);
                                } else {
                                    parser.skipChildren();
                                }
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "tags" -> {
                        if (value == JsonToken.START_OBJECT) {
                            for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
                                JsonToken inner = parser.nextToken();
                                String text = scalar(parser, inner);
                                attributes.put(key, text == null ? "" : text);
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            spans.add(zipkinSpan(traceId, spanId, parentId, name, service, timestamp, duration, badDuration,
                    attributes, source, line, position));
        }
    }

    private static String where(int position) {
        return "span " + position + " of the trace";
    }

    /** A scalar's text, or {@code null} for null; containers are skipped and read as {@code null}. */
    private static String scalar(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        return token == JsonToken.VALUE_NULL ? null : parser.getText();
    }

    private static TraceSpan zipkinSpan(String traceId, String spanId, String parentId, String name, String service,
            Long timestamp, long duration, boolean badDuration, TreeMap<String, String> attributes, String source,
            int line, int position) {
        String trace = hexId(traceId, "traceId", source, line, position, true);
        String id = hexId(spanId, "id", source, line, position, true);
        String parent = hexId(parentId, "parentId", source, line, position, false);
        if (timestamp == null) {
            throw new TraceFormatException(source, line, where(position) + " (" + id + ") has no numeric timestamp",
                    null);
        }
        if (badDuration) {
            throw new TraceFormatException(source, line, where(position) + " (" + id + ") has a non-numeric"
                    + " duration", null);
        }
        long start = Math.multiplyExact(timestamp, 1000L);
        return new TraceSpan(trace, id, parent, nameOf(name), service, start, start + Math.max(0, duration) * 1000L,
                attributes);
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

    /** A Zipkin id, lower-cased; {@code position} is the span's in its trace, named only in errors. */
    private static String hexId(String value, String field, String source, int line, int position,
            boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new TraceFormatException(source, line, where(position) + " has no " + field, null);
            }
            return null;
        }
        if (!isHex(value)) {
            throw new TraceFormatException(source, line, where(position) + " has a " + field + " that is not hex: "
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
