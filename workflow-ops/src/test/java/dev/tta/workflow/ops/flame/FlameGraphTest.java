package dev.tta.workflow.ops.flame;

import static dev.tta.workflow.ops.flame.Spans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Widths: parallel children share their parent's time, so every parent is exactly as wide as its wall duration. */
class FlameGraphTest {

    private static final long MS = 1_000_000;

    @Test
    void overlappingChildrenShareTheTimeTheyOverlap() {
        // root 0..100; a 10..60 and b 30..90 overlap for 30..60, which they share; root alone 0..10 and 90..100.
        FlameGraph graph = FlameGraph.of(Run.of(List.of(span("t", "r", null, "root", 0, 100),
                span("t", "a", "r", "a", 10, 60), span("t", "b", "r", "b", 30, 90))));
        FlameGraph.Frame root = graph.root().child("root").orElseThrow();
        assertEquals(100 * MS, root.totalNanos());
        assertEquals(20 * MS, root.selfNanos());
        assertEquals(35 * MS, root.child("a").orElseThrow().totalNanos());
        assertEquals(45 * MS, root.child("b").orElseThrow().totalNanos());
        assertEquals("root 20000000\nroot;a 35000000\nroot;b 45000000\n", graph.folded());
    }

    @Test
    void aChildSharesOnlyWhatItGetsWithItsOwnChildren() {
        // p 0..100 has branches x 0..100 and y 0..100: each gets half; x's child c 0..50 gets x's half of 0..50.
        FlameGraph graph = FlameGraph.of(Run.of(List.of(span("t", "p", null, "p", 0, 100),
                span("t", "x", "p", "x", 0, 100), span("t", "y", "p", "y", 0, 100), span("t", "c", "x", "c", 0, 50))));
        FlameGraph.Frame x = graph.root().child("p").orElseThrow().child("x").orElseThrow();
        assertEquals(50 * MS, x.totalNanos());
        assertEquals(25 * MS, x.child("c").orElseThrow().totalNanos());
        assertEquals(25 * MS, x.selfNanos());
    }

    @Test
    void childrenOutsideTheirParentCountOnlyInside() {
        FlameGraph graph = FlameGraph.of(Run.of(List.of(span("t", "p", null, "p", 10, 20),
                span("t", "early", "p", "early", 0, 15), span("t", "late", "p", "late", 30, 40))));
        FlameGraph.Frame p = graph.root().child("p").orElseThrow();
        assertEquals(10 * MS, p.totalNanos());
        assertEquals(5 * MS, p.child("early").orElseThrow().totalNanos());
        assertEquals(0, p.child("late").orElseThrow().totalNanos());
    }

    @Test
    void everyRootIsAsWideAsItsWallDurationWithParallelBranches() {
        List<Run> runs = Run.of(SyntheticTraces.spans(1_000, 3));
        long wall = runs.stream().mapToLong(Run::durationNanos).sum();
        FlameGraph graph = FlameGraph.of(runs);
        long width = graph.root().child("support-agent").orElseThrow().totalNanos();
        assertTrue(Math.abs(width - wall) <= wall / 100, width + " against " + wall);
        // Exact in fact, to rounding: fractional shares are summed before they are rounded.
        assertTrue(Math.abs(width - wall) < 100, width + " against " + wall);
        // Summing the parallel branches instead would exceed the parallel step's wall time.
        FlameGraph.Frame parallel = graph.root().child("support-agent").orElseThrow().child("parallel").orElseThrow();
        long parallelWall = runs.stream().mapToLong(run -> run.root().children().stream()
                .filter(node -> node.span().name().equals("parallel")).findFirst().orElseThrow().span()
                .durationNanos()).sum();
        assertTrue(Math.abs(parallel.totalNanos() - parallelWall) < 100);
        for (Run run : runs.subList(0, 50)) {
            FlameGraph one = FlameGraph.of(List.of(run));
            assertTrue(Math.abs(one.root().totalNanos() - run.durationNanos()) <= run.durationNanos() / 100);
        }
    }

    @Test
    void framesCarrySourceLocationsOnlyWhereSpansDo() {
        FlameGraph graph = FlameGraph.of(Run.of(List.of(span("t", "r", null, "checkout", 0, 10),
                span("t", "v", "r", "Validate", 1, 4, "src/main/java/shop/Validate.java", 42),
                span("t", "w", "r", "Wait", 5, 6))));
        FlameGraph.Frame root = graph.root().child("checkout").orElseThrow();
        assertFalse(root.file().isPresent());
        FlameGraph.Frame validate = root.child("Validate (Validate.java:42)").orElseThrow();
        assertEquals("src/main/java/shop/Validate.java", validate.file().orElseThrow());
        assertEquals(42, validate.line().getAsInt());
        assertTrue(root.child("Wait").isPresent());
        String speedscope = graph.speedscopeJson("checkout");
        assertTrue(speedscope.contains("{\"name\":\"Validate\",\"file\":\"src/main/java/shop/Validate.java\","
                + "\"line\":42}"), speedscope);
        assertTrue(speedscope.contains("{\"name\":\"Wait\"}"), speedscope);
    }

    @Test
    void aNonNumericLineIsLeftOut() {
        TraceSpan span = TraceSpan.of("t", "s", null, "x", 0, 1,
                java.util.Map.of(TraceSpan.CODE_FILE_PATH, "X.java", TraceSpan.CODE_LINE_NUMBER, "twelve"));
        assertEquals("X.java", span.sourceLabel().orElseThrow());
        assertFalse(span.codeLineNumber().isPresent());
    }

    @Test
    void slowRunsAreThoseAboveTheP99() {
        List<Run> runs = Run.of(SyntheticTraces.spans(1_000, 3));
        FlameDiff diff = FlameDiff.of(runs);
        assertTrue(diff.comparable());
        assertEquals(10, diff.slowRuns().size(), "one run in a hundred has a slow model call");
        assertTrue(diff.slowRuns().stream().allMatch(run -> run.durationNanos() > diff.p99Nanos()));
        String html = diff.html("support-agent");
        assertTrue(html.contains("10 runs above the p99"), html);
        assertTrue(html.contains("d="), "differential frames are coloured by their change");
        assertFalse(FlameDiff.of(runs.subList(0, 5)).comparable());
    }

    @Test
    void theHtmlPageIsSelfContainedAndShowsDurations() {
        String html = FlameGraph.of(Run.of(SyntheticTraces.spans(20, 1))).html("support <agent>");
        assertTrue(html.contains("<h1>support &lt;agent&gt;</h1>"), "the title is escaped");
        assertTrue(html.contains("function duration(ns)"));
        assertTrue(html.contains("const runs = 20;"));
        for (String external : List.of("<script src", "<link", "@import", "url(", "<img", "<iframe")) {
            assertFalse(html.contains(external), external);
        }
    }

    @Test
    void namesThatWouldEndTheScriptAreEscaped() {
        String html = FlameGraph.of(Run.of(List.of(span("t", "r", null, "a</script><b>", 0, 10)))).html("x");
        assertFalse(html.contains("a</script>"));
        assertTrue(html.contains("a<\\/script><b>"));
    }
}
