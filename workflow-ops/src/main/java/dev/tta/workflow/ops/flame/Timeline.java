package dev.tta.workflow.ops.flame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The timeline of one run as Chrome trace-event JSON: a complete ({@code "X"}) event per span, in microseconds from
 * the root's start, with the span's attributes, ids and service as {@code args}. Opens in Perfetto, chrome://tracing
 * and speedscope.
 *
 * <p>Lanes (the format's threads) are logical, not OS threads: a span goes on its parent's lane when it nests there,
 * and on another lane when it overlaps a sibling (a parallel branch) or leaves its parent's interval. On every lane any
 * two slices are either disjoint or one is an ancestor containing the other, so slices always nest.
 */
public final class Timeline {

    private static final JsonFactory JSON = new JsonFactory();

    private final Run run;
    private final List<Slice> slices;
    private final int laneCount;

    /**
     * A span placed on a lane.
     *
     * @param span the span
     * @param lane its lane, from 0 (the root's)
     * @param depth how many ancestors it has
     */
    public record Slice(TraceSpan span, int lane, int depth) {

        /**
         * Validates.
         *
         * @param span the span
         * @param lane its lane, from 0 (the root's)
         * @param depth how many ancestors it has
         * @throws NullPointerException if the span is missing
         */
        public Slice {
            Objects.requireNonNull(span, "span");
        }
    }

    private Timeline(Run run, List<Slice> slices, int laneCount) {
        this.run = run;
        this.slices = slices;
        this.laneCount = laneCount;
    }

    /**
     * Lays out a run.
     *
     * @param run the run
     * @return its timeline
     */
    public static Timeline of(Run run) {
        List<List<Placed>> lanes = new ArrayList<>();
        List<Slice> slices = new ArrayList<>();
        Set<Run.Node> ancestors = Collections.newSetFromMap(new IdentityHashMap<>());
        place(run.root(), 0, 0, lanes, slices, ancestors);
        slices.sort(Comparator.comparingInt(Slice::lane).thenComparingLong(slice -> slice.span().startNanos())
                .thenComparing(Comparator.comparingLong((Slice slice) -> slice.span().durationNanos()).reversed())
                .thenComparingInt(Slice::depth));
        return new Timeline(run, List.copyOf(slices), lanes.size());
    }

    private record Placed(Run.Node node, long start, long end) {
    }

    private static void place(Run.Node node, int preferred, int depth, List<List<Placed>> lanes, List<Slice> slices,
            Set<Run.Node> ancestors) {
        // Iterative would be safer for very deep trees, but a run's depth is its composition's, a few dozen at most.
        int lane = -1;
        if (preferred < lanes.size() && fits(lanes.get(preferred), node, ancestors)) {
            lane = preferred;
        }
        for (int l = 0; lane < 0 && l < lanes.size(); l++) {
            if (fits(lanes.get(l), node, ancestors)) {
                lane = l;
            }
        }
        if (lane < 0) {
            lane = lanes.size();
            lanes.add(new ArrayList<>());
        }
        TraceSpan span = node.span();
        lanes.get(lane).add(new Placed(node, span.startNanos(), span.endNanos()));
        slices.add(new Slice(span, lane, depth));
        ancestors.add(node);
        for (Run.Node child : node.children()) {
            place(child, lane, depth + 1, lanes, slices, ancestors);
        }
        ancestors.remove(node);
    }

    /** Whether the node nests on this lane: disjoint from every slice there, or inside an ancestor. */
    private static boolean fits(List<Placed> lane, Run.Node node, Set<Run.Node> ancestors) {
        long start = node.span().startNanos();
        long end = node.span().endNanos();
        for (Placed placed : lane) {
            boolean disjoint = placed.end() <= start || placed.start() >= end;
            boolean inside = ancestors.contains(placed.node()) && placed.start() <= start && end <= placed.end();
            if (!disjoint && !inside) {
                return false;
            }
        }
        return true;
    }

    /**
     * The run laid out.
     *
     * @return the run
     */
    public Run run() {
        return run;
    }

    /**
     * Every span with its lane, by lane, then start.
     *
     * @return the slices
     */
    public List<Slice> slices() {
        return slices;
    }

    /**
     * How many lanes the run needs: one more than the most parallel branches running at once, roughly.
     *
     * @return at least 1
     */
    public int laneCount() {
        return laneCount;
    }

    /**
     * The Chrome trace-event JSON: an object with {@code traceEvents} (process and lane names, then one {@code X}
     * event a line), {@code displayTimeUnit} and {@code otherData} (trace and root span ids).
     *
     * @return the JSON
     */
    public String json() {
        TraceSpan root = run.root().span();
        long origin = root.startNanos();
        Map<Integer, String> laneNames = new TreeMap<>();
        for (Slice slice : slices) {
            laneNames.putIfAbsent(slice.lane(), slice.lane() == 0 ? root.name() : slice.span().name());
        }
        List<String> events = new ArrayList<>();
        events.add(metadata("process_name", 0, "name", root.name() + " " + run.traceId()));
        for (Map.Entry<Integer, String> lane : laneNames.entrySet()) {
            int tid = lane.getKey() + 1;
            events.add(metadata("thread_name", tid, "name", "lane " + tid + ": " + lane.getValue()));
            events.add(metadata("thread_sort_index", tid, "sort_index", lane.getKey()));
        }
        for (Slice slice : slices) {
            TraceSpan span = slice.span();
            events.add(object(out -> {
                out.writeStringField("name", span.name());
                out.writeStringField("cat", "span");
                out.writeStringField("ph", "X");
                out.writeFieldName("ts");
                out.writeNumber(Durations.micros(span.startNanos() - origin));
                out.writeFieldName("dur");
                out.writeNumber(Durations.micros(span.durationNanos()));
                out.writeNumberField("pid", 1);
                out.writeNumberField("tid", slice.lane() + 1);
                out.writeObjectFieldStart("args");
                for (Map.Entry<String, String> arg : args(span).entrySet()) {
                    out.writeStringField(arg.getKey(), arg.getValue());
                }
                out.writeEndObject();
            }));
        }
        String other = object(out -> {
            out.writeStringField("trace.id", run.traceId());
            out.writeStringField("root.span.id", root.spanId());
            out.writeStringField("root.duration", Durations.format(root.durationNanos()));
            out.writeNumberField("spans", slices.size());
            out.writeNumberField("lanes", laneCount);
        });
        return "{\"traceEvents\":[\n" + String.join(",\n", events) + "\n],\n\"displayTimeUnit\":\"ms\",\n"
                + "\"otherData\":" + other + "\n}\n";
    }

    /** Writes what a JSON object holds. */
    private interface Fields {
        void write(JsonGenerator out) throws IOException;
    }

    private static String object(Fields fields) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            fields.write(out);
            out.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return text.toString();
    }

    private static String metadata(String name, int tid, String key, Object value) {
        return object(out -> {
            out.writeStringField("name", name);
            out.writeStringField("ph", "M");
            out.writeNumberField("pid", 1);
            out.writeNumberField("tid", tid);
            out.writeObjectFieldStart("args");
            if (value instanceof Integer number) {
                out.writeNumberField(key, number);
            } else {
                out.writeStringField(key, String.valueOf(value));
            }
            out.writeEndObject();
        });
    }

    /** A span's attributes plus its ids and service, sorted by key. */
    private static Map<String, String> args(TraceSpan span) {
        TreeMap<String, String> args = new TreeMap<>(span.attributes());
        args.putIfAbsent("span.id", span.spanId());
        if (span.parentSpanId() != null) {
            args.putIfAbsent("span.parent_id", span.parentSpanId());
        }
        if (span.serviceName() != null) {
            args.putIfAbsent("service.name", span.serviceName());
        }
        return args;
    }

    /**
     * A self-contained HTML view of the timeline (no network): one row per lane and nesting depth, each slice titled
     * with its name, duration, source location (when the span has one) and arguments. The page checks nesting as it
     * draws and records the counts on {@code <body>} ({@code data-slices}, {@code data-improperly-nested}).
     *
     * @param title the page's title
     * @return the HTML
     */
    public String html(String title) {
        String template;
        try (InputStream in = Timeline.class.getResourceAsStream("timeline.html")) {
            if (in == null) {
                throw new IllegalStateException("timeline.html is missing from the class path");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        // Markers are replaced where the template has them, not in the text put in: a span name may hold one.
        Map<String, String> values = Map.of("/*title*/", FlamePage.escapeHtml(title),
                "/*trace*/", json().replace("</", "<\\/"));
        StringBuilder page = new StringBuilder(template.length() + 4096);
        int from = 0;
        for (int at = template.indexOf("/*", from); at >= 0; at = template.indexOf("/*", from)) {
            int close = template.indexOf("*/", at);
            String value = close < 0 ? null : values.get(template.substring(at, close + 2));
            if (value == null) {
                page.append(template, from, at + 2);
                from = at + 2;
            } else {
                page.append(template, from, at).append(value);
                from = close + 2;
            }
        }
        return page.append(template, from, template.length()).toString();
    }
}
