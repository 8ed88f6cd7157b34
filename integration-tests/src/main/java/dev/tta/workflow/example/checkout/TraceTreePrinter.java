package dev.tta.workflow.example.checkout;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Renders the spans of one trace as an indented tree: name, type, duration, status and position. */
public final class TraceTreePrinter {

    private TraceTreePrinter() {
    }

    /**
     * Renders one trace.
     *
     * @param spans the finished spans of one trace, in any order
     * @return the tree, one span a line
     */
    public static String render(List<SpanData> spans) {
        Set<String> ids = spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        Map<String, List<SpanData>> children = new HashMap<>();
        List<SpanData> roots = new ArrayList<>();
        for (SpanData span : spans) {
            String parent = span.getParentSpanId();
            if (SpanId.getInvalid().equals(parent) || !ids.contains(parent)) {
                roots.add(span);
            } else {
                children.computeIfAbsent(parent, key -> new ArrayList<>()).add(span);
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

    private static final Comparator<SpanData> BY_START = Comparator.comparingLong(SpanData::getStartEpochNanos)
            .thenComparing(SpanData::getName);

    private static void append(StringBuilder out, SpanData span, Map<String, List<SpanData>> children,
            String prefix, String connector, boolean root) {
        out.append(prefix).append(connector).append(describe(span)).append('\n');
        List<SpanData> kids = new ArrayList<>(children.getOrDefault(span.getSpanId(), List.of()));
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

    private static String describe(SpanData span) {
        double millis = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0;
        String type = span.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE);
        StringBuilder line = new StringBuilder(span.getName());
        if (type != null) {
            line.append(" [").append(type).append(']');
        }
        line.append(String.format(Locale.ROOT, "  %.2f ms", millis));
        if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
            line.append("  ERROR ").append(span.getAttributes().get(TelemetryNames.ERROR_TYPE));
        } else {
            line.append("  ok");
        }
        Long step = span.getAttributes().get(TelemetryNames.STEP_INDEX);
        Long branch = span.getAttributes().get(TelemetryNames.BRANCH_INDEX);
        if (step != null) {
            line.append("  step=").append(step);
        }
        if (branch != null) {
            line.append("  branch=").append(branch);
        }
        // The span id is what log lines carry in their MDC, so a reader can match them.
        line.append("  span_id=").append(span.getSpanId());
        return line.toString();
    }
}
