package dev.tta.workflow.ops.flame;

import java.util.Map;

/** Small hand-made spans for tests: times in milliseconds from zero. */
final class Spans {

    private Spans() {
    }

    static TraceSpan span(String trace, String id, String parent, String name, long fromMs, long toMs) {
        return TraceSpan.of(trace, id, parent, name, fromMs * 1_000_000, toMs * 1_000_000, Map.of());
    }

    static TraceSpan span(String trace, String id, String parent, String name, long fromMs, long toMs, String file,
            int line) {
        return TraceSpan.of(trace, id, parent, name, fromMs * 1_000_000, toMs * 1_000_000,
                Map.of(TraceSpan.CODE_FILE_PATH, file, TraceSpan.CODE_LINE_NUMBER, Integer.toString(line)));
    }
}
