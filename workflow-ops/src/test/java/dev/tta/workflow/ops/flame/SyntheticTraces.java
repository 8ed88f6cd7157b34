package dev.tta.workflow.ops.flame;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Deterministic runs of a support workflow, ten spans each: validate, three parallel fetches (one behind a cache),
 * a draft around a model call, a reply. Written as Zipkin v2 JSON lines (as the demo's trace file) or kept as spans.
 */
final class SyntheticTraces {

    static final int SPANS_PER_RUN = 10;

    private SyntheticTraces() {
    }

    /** The spans of {@code runs} runs; one run in a hundred is slow in its model call. */
    static List<TraceSpan> spans(int runs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TraceSpan> spans = new ArrayList<>(runs * SPANS_PER_RUN);
        long clock = 1_767_225_600_000_000_000L;
        for (int r = 0; r < runs; r++) {
            String trace = String.format("%032x", r + 1);
            int[] id = {0};
            long start = clock;
            long t = start;
            String root = id(r, id);
            List<TraceSpan> run = new ArrayList<>();
            long validate = micros(random, 200, 400);
            String v = id(r, id);
            run.add(span(trace, v, root, "validate", t + 50_000, t + 50_000 + validate, "Validate.java", 21));
            t += 50_000 + validate;
            String gather = id(r, id);
            long gatherStart = t;
            long end = t;
            String[] fetches = {"fetchOrders", "fetchProfile", "fetchHistory"};
            for (int f = 0; f < fetches.length; f++) {
                long s = t + micros(random, 0, 50);
                long d = micros(random, 1_000, 3_000);
                String fid = id(r, id);
                run.add(span(trace, fid, gather, fetches[f], s, s + d, "Fetch.java", 30 + f));
                if (f == 0) {
                    run.add(span(trace, id(r, id), fid, "cache", s + 10_000, s + d - 10_000, null, 0));
                }
                end = Math.max(end, s + d);
            }
            run.add(span(trace, gather, root, "parallel", gatherStart, end + 5_000, null, 0));
            t = end + 5_000;
            boolean slow = r % 100 == 37;
            long model = slow ? micros(random, 40_000, 60_000) : micros(random, 5_000, 9_000);
            String draft = id(r, id);
            run.add(span(trace, id(r, id), draft, "llm.call", t + 20_000, t + 20_000 + model, "CallModel.java", 44));
            run.add(span(trace, draft, root, "draft", t, t + 40_000 + model, "Draft.java", 12));
            t += 40_000 + model;
            long reply = micros(random, 300, 600);
            run.add(span(trace, id(r, id), root, "reply", t, t + reply, "SendReply.java", 18));
            t += reply + 30_000;
            run.add(0, span(trace, root, null, "support-agent", start, t, null, 0));
            spans.addAll(run);
            clock = t + 1_000_000;
        }
        return spans;
    }

    private static long micros(SplittableRandom random, int from, int to) {
        return random.nextLong(from, to) * 1000L;
    }

    private static String id(int run, int[] counter) {
        return String.format("%08x%08x", run + 1, ++counter[0]);
    }

    private static TraceSpan span(String trace, String id, String parent, String name, long start, long end,
            String file, int line) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("workflow.name", "support-agent");
        attributes.put("workflow.primitive.name", name);
        if (file != null) {
            attributes.put(TraceSpan.CODE_FILE_PATH, "src/main/java/dev/example/" + file);
            attributes.put(TraceSpan.CODE_LINE_NUMBER, Integer.toString(line));
        }
        return new TraceSpan(trace, id, parent, name, "support-service", start, end, new TreeMap<>(attributes));
    }

    /** Writes spans as Zipkin v2 JSON, one trace a line, times in microseconds. */
    static Path writeZipkin(List<TraceSpan> spans, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String trace = null;
            for (TraceSpan span : spans) {
                if (!span.traceId().equals(trace)) {
                    if (trace != null) {
                        out.write("]\n");
                    }
                    out.write('[');
                    trace = span.traceId();
                } else {
                    out.write(',');
                }
                out.write("{\"traceId\":\"" + span.traceId() + "\"");
                if (span.parentSpanId() != null) {
                    out.write(",\"parentId\":\"" + span.parentSpanId() + "\"");
                }
                out.write(",\"id\":\"" + span.spanId() + "\",\"name\":\"" + span.name() + "\",\"timestamp\":"
                        + span.startNanos() / 1000 + ",\"duration\":" + span.durationNanos() / 1000
                        + ",\"localEndpoint\":{\"serviceName\":\"" + span.serviceName() + "\"},\"tags\":{");
                boolean first = true;
                for (Map.Entry<String, String> tag : span.attributes().entrySet()) {
                    out.write((first ? "" : ",") + "\"" + tag.getKey() + "\":\"" + tag.getValue() + "\"");
                    first = false;
                }
                out.write("}}");
            }
            if (trace != null) {
                out.write("]\n");
            }
        }
        return file;
    }
}
