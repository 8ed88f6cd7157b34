package dev.tta.workflow.test;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Renders the spans of one trace as an indented tree: name, primitive type, duration, status and the attributes that
 * tell the story (route taken, cache hit or miss, retry attempt, fallback alternative, tokens and cost, error).
 *
 * <pre>{@code
 * trace 4bf92f3577b34da6a3ce929d0e0e4736
 * support [sequential]  41.2 ms  ok  correlation_id=req-7
 * ├─ validate [step]  0.3 ms  ok
 * ├─ parallel [parallel]  20.1 ms  ok
 * │  ├─ fetchOrders [step]  20.0 ms  ok
 * │  └─ fetchProfile [step]  12.4 ms  ok
 * └─ draft [step]  18.9 ms  ok  model=small  tokens=420+180  cost=0.0021 USD
 * }</pre>
 *
 * <p>Children appear in the order of their step or branch index, then of their start. Spans whose parent is not among
 * those given (the first span of this process in a distributed trace) start trees of their own.
 */
public final class TraceTreePrinter {

    private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    private static final int MAX_MESSAGE = 70;

    private static final Comparator<SpanData> BY_START = Comparator.comparingLong(SpanData::getStartEpochNanos)
            .thenComparing(SpanData::getName);

    private TraceTreePrinter() {
    }

    /**
     * Renders one trace.
     *
     * @param spans the finished spans of one trace, in any order
     * @return the tree, one span a line, under a line naming the trace
     */
    public static String render(List<SpanData> spans) {
        Set<String> ids = spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        Map<String, List<SpanData>> children = new HashMap<>();
        List<SpanData> roots = new ArrayList<>();
        for (SpanData span : spans) {
            String parent = span.getParentSpanId();
            if (ids.contains(parent)) {
                children.computeIfAbsent(parent, key -> new ArrayList<>()).add(span);
            } else {
                roots.add(span); // the trace's root, or the first span of this process in a distributed trace
            }
        }
        StringBuilder out = new StringBuilder();
        roots.sort(BY_START);
        for (SpanData root : roots) {
            out.append("trace ").append(root.getTraceId()).append('\n');
            append(out, root, children, "", "", true);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, SpanData span, Map<String, List<SpanData>> children,
            String prefix, String connector, boolean root) {
        List<SpanData> kids = new ArrayList<>(children.getOrDefault(span.getSpanId(), List.of()));
        // A composite fails because a child did: the message is shown once, where the failure happened.
        boolean childFailed = kids.stream().anyMatch(kid -> kid.getStatus().getStatusCode() == StatusCode.ERROR);
        out.append(prefix).append(connector).append(describe(span, root, !childFailed)).append('\n');
        kids.sort(Comparator.comparingLong(TraceTreePrinter::position).thenComparing(BY_START));
        String childPrefix = root ? prefix : prefix + ("└─ ".equals(connector) ? "   " : "│  ");
        for (int i = 0; i < kids.size(); i++) {
            append(out, kids.get(i), children, childPrefix, i == kids.size() - 1 ? "└─ " : "├─ ", false);
        }
    }

    private static long position(SpanData span) {
        Long step = span.getAttributes().get(TelemetryNames.STEP_INDEX);
        Long branch = span.getAttributes().get(TelemetryNames.BRANCH_INDEX);
        return step != null ? step : branch != null ? branch : Long.MAX_VALUE;
    }

    /**
     * Renders every trace among these spans, one after the other, in the order of their first span's start.
     *
     * @param spans finished spans of any number of traces
     * @return the trees
     */
    public static String renderAll(List<SpanData> spans) {
        Map<String, List<SpanData>> byTrace = new java.util.LinkedHashMap<>();
        spans.stream().sorted(BY_START)
                .forEach(span -> byTrace.computeIfAbsent(span.getTraceId(), key -> new ArrayList<>()).add(span));
        StringBuilder out = new StringBuilder();
        byTrace.values().forEach(trace -> out.append(render(trace)));
        return out.toString();
    }

    /** One line: {@code name [type]  12.3 ms  ok  key=value ...}. */
    static String describe(SpanData span, boolean root, boolean withErrorMessage) {
        Attributes attributes = span.getAttributes();
        StringBuilder line = new StringBuilder(span.getName());
        String type = attributes.get(TelemetryNames.PRIMITIVE_TYPE);
        if (type != null) {
            line.append(" [").append(type).append(']');
        }
        double millis = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0;
        line.append(String.format(Locale.ROOT, "  %.1f ms", millis));
        line.append(span.getStatus().getStatusCode() == StatusCode.ERROR ? "  ERROR" : "  ok");

        StringJoiner details = new StringJoiner("  ", "  ", "").setEmptyValue("");
        if (root) {
            add(details, "correlation_id", attributes.get(TelemetryNames.CORRELATION_ID));
        }
        add(details, "route", attributes.get(TelemetryNames.ROUTE));
        add(details, "cache", attributes.get(TelemetryNames.CACHE_RESULT));
        add(details, "attempt", attributes.get(TelemetryNames.RETRY_ATTEMPT));
        add(details, "alternative", attributes.get(TelemetryNames.FALLBACK_INDEX));
        add(details, "limit_ms", attributes.get(TelemetryNames.TIMEOUT_MS));
        add(details, "undoes_step", attributes.get(TelemetryNames.SAGA_STEP_INDEX));
        // Costs roll up to every ancestor: show them where they were recorded (steps) and in total (the root).
        if (root || TelemetryNames.TYPE_STEP.equals(type)) {
            add(details, "model", attributes.get(TelemetryNames.GEN_AI_REQUEST_MODEL));
            Long input = attributes.get(TelemetryNames.GEN_AI_INPUT_TOKENS);
            Long output = attributes.get(TelemetryNames.GEN_AI_OUTPUT_TOKENS);
            if (input != null || output != null) {
                details.add("tokens=" + (input == null ? 0 : input) + "+" + (output == null ? 0 : output));
            }
            attributes.forEach((key, value) -> {
                if (key.getKey().startsWith(TelemetryNames.COST_ATTRIBUTE_PREFIX)
                        && !key.getKey().equals(TelemetryNames.COST_CURRENCY.getKey())) {
                    Object amount = value instanceof Double usd ? BigDecimal.valueOf(usd).toPlainString() : value;
                    details.add("cost=" + amount + " "
                            + key.getKey().substring(TelemetryNames.COST_ATTRIBUTE_PREFIX.length())
                                    .toUpperCase(Locale.ROOT));
                }
            });
        }
        if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
            details.add(errorOf(span, withErrorMessage));
        }
        return line.append(details).toString();
    }

    private static void add(StringJoiner details, String label, Object value) {
        if (value != null) {
            details.add(label + "=" + value);
        }
    }

    private static String errorOf(SpanData span, boolean withMessage) {
        String type = span.getAttributes().get(TelemetryNames.ERROR_TYPE);
        String simple = type == null ? "error" : type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$'))
                + 1);
        if (!withMessage) {
            return simple;
        }
        for (EventData event : span.getEvents()) {
            String message = event.getAttributes().get(EXCEPTION_MESSAGE);
            if (message != null) {
                return simple + ": " + (message.length() > MAX_MESSAGE
                        ? message.substring(0, MAX_MESSAGE - 3) + "..." : message);
            }
        }
        return simple;
    }
}
