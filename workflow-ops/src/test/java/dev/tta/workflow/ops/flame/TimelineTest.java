package dev.tta.workflow.ops.flame;

import static dev.tta.workflow.ops.flame.Spans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One lane per parallel branch; slices always nest. */
class TimelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parallelBranchesGetLanesOfTheirOwnAndSequentialStepsStayOnTheirParentsLane() {
        Run run = Run.of(List.of(span("t", "r", null, "root", 0, 100), span("t", "v", "r", "validate", 0, 10),
                span("t", "p", "r", "parallel", 10, 60), span("t", "a", "p", "a", 10, 50),
                span("t", "a1", "a", "a.child", 12, 20), span("t", "b", "p", "b", 11, 60),
                span("t", "b1", "b", "b.child", 20, 30), span("t", "c", "p", "c", 12, 40),
                span("t", "reply", "r", "reply", 60, 100))).get(0);
        Timeline timeline = Timeline.of(run);
        Map<String, Integer> lanes = timeline.slices().stream()
                .collect(Collectors.toMap(slice -> slice.span().name(), Timeline.Slice::lane));
        assertEquals(0, lanes.get("root"));
        assertEquals(0, lanes.get("validate"));
        assertEquals(0, lanes.get("parallel"));
        assertEquals(0, lanes.get("a"), "the first branch stays on its parent's lane");
        assertEquals(0, lanes.get("a.child"), "children stay on their branch's lane");
        assertEquals(1, lanes.get("b"));
        assertEquals(1, lanes.get("b.child"));
        assertEquals(2, lanes.get("c"));
        assertEquals(0, lanes.get("reply"));
        assertEquals(3, timeline.laneCount());
        assertEquals(0, improperlyNested(timeline.json()));
    }

    @Test
    void noSliceIsImproperlyNestedInRandomTrees() {
        SplittableRandom random = new SplittableRandom(17);
        for (int tree = 0; tree < 300; tree++) {
            List<TraceSpan> spans = new ArrayList<>();
            spans.add(span("t", "s0", null, "root", 0, 1_000));
            for (int i = 1; i < 60; i++) {
                TraceSpan parent = spans.get(random.nextInt(spans.size()));
                long from = parent.startNanos() / 1_000_000;
                long to = parent.endNanos() / 1_000_000;
                // Mostly inside the parent, sometimes spilling out of it (clock skew, async work).
                long start = from + random.nextLong(Math.max(1, to - from + 1)) - (random.nextInt(10) == 0 ? 5 : 0);
                long end = start + random.nextLong(Math.max(1, to - start + 1)) + (random.nextInt(10) == 0 ? 7 : 0);
                spans.add(span("t", "s" + i, parent.spanId(), "n" + random.nextInt(8), start, Math.max(start, end)));
            }
            Timeline timeline = Timeline.of(Run.of(spans).get(0));
            assertEquals(spans.size(), timeline.slices().size());
            assertEquals(0, improperlyNested(timeline.json()), "tree " + tree);
        }
    }

    @Test
    void argsCarryAttributesIdsAndSource() throws Exception {
        Run run = Run.of(List.of(span("t", "r", null, "root", 0, 10),
                span("t", "v", "r", "Validate", 1, 4, "src/main/java/shop/Validate.java", 42))).get(0);
        JsonNode events = JSON.readTree(Timeline.of(run).json()).get("traceEvents");
        JsonNode validate = null;
        for (JsonNode event : events) {
            if ("Validate".equals(event.path("name").asText())) {
                validate = event;
            }
        }
        assertEquals("X", validate.get("ph").asText());
        assertEquals("1000", validate.get("ts").asText());
        assertEquals("3000", validate.get("dur").asText());
        assertEquals("src/main/java/shop/Validate.java", validate.get("args").get("code.file.path").asText());
        assertEquals("42", validate.get("args").get("code.line.number").asText());
        assertEquals("v", validate.get("args").get("span.id").asText());
        assertEquals("r", validate.get("args").get("span.parent_id").asText());
    }

    @Test
    void theHtmlViewEmbedsTheTraceSafely() {
        Run run = Run.of(List.of(span("t", "r", null, "a</script>/*title*/", 0, 10))).get(0);
        String html = Timeline.of(run).html("t </h1>");
        assertTrue(html.contains("<title>t &lt;/h1&gt;</title>"));
        assertTrue(html.contains("a<\\/script>/*title*/"), "the name is kept, escaped, and no marker is replaced in it");
    }

    /** An independent check of Chrome trace nesting: per lane, a slice ends inside the slice it starts in. */
    static int improperlyNested(String json) {
        JsonNode events;
        try {
            events = JSON.readTree(json).get("traceEvents");
        } catch (Exception malformed) {
            throw new AssertionError(malformed);
        }
        Map<Integer, List<BigDecimal[]>> lanes = new TreeMap<>();
        for (JsonNode event : events) {
            if (event.get("ph").asText().equals("X")) {
                BigDecimal ts = event.get("ts").decimalValue();
                lanes.computeIfAbsent(event.get("tid").asInt(), tid -> new ArrayList<>())
                        .add(new BigDecimal[] {ts, ts.add(event.get("dur").decimalValue())});
            }
        }
        int improper = 0;
        for (List<BigDecimal[]> lane : lanes.values()) {
            lane.sort(Comparator.comparing((BigDecimal[] slice) -> slice[0])
                    .thenComparing((BigDecimal[] slice) -> slice[1], Comparator.reverseOrder()));
            List<BigDecimal[]> stack = new ArrayList<>();
            for (BigDecimal[] slice : lane) {
                while (!stack.isEmpty() && stack.get(stack.size() - 1)[1].compareTo(slice[0]) <= 0) {
                    stack.remove(stack.size() - 1);
                }
                if (!stack.isEmpty() && slice[1].compareTo(stack.get(stack.size() - 1)[1]) > 0) {
                    improper++;
                }
                stack.add(slice);
            }
        }
        return improper;
    }
}
