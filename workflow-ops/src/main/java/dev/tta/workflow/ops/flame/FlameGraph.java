package dev.tta.workflow.ops.flame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * An aggregate flame graph of many runs, along the primitive path (span names from root to leaf).
 *
 * <p>Widths are wall time, and overlapping parallel children <em>share</em> their parent's time: the parent's wall
 * interval is cut where children start and end, each piece goes in equal parts to the children active in it, and a
 * piece with no child active is the parent's self time. Every frame is therefore exactly as wide as the time its span
 * was running (a root: its run's wall duration), never inflated by parallel branches summed, and a child that
 * overlaps a sibling gets only its share. Children outside their parent's interval (clock skew across processes)
 * count only inside it.
 *
 * <p>A frame is a span name plus its source location ({@code code.file.path}, {@code code.line.number}) when the span
 * carries one; spans without location are never given one. Outputs ({@link #folded()}, {@link #speedscopeJson},
 * {@link #html}) are deterministic: the same runs give the same bytes.
 */
public final class FlameGraph {

    private final Frame root;
    private final int runCount;
    private final long spanCount;

    private FlameGraph(Frame root, int runCount, long spanCount) {
        this.root = root;
        this.runCount = runCount;
        this.spanCount = spanCount;
    }

    /**
     * Aggregates runs, each counted once.
     *
     * @param runs the runs, e.g. {@link Run#of}
     * @return the flame graph
     */
    public static FlameGraph of(Collection<Run> runs) {
        return of(runs, 1.0);
    }

    /**
     * Aggregates runs and divides every width by their number: the mean time a run spends in each frame.
     *
     * @param runs the runs
     * @return the flame graph of one average run
     */
    public static FlameGraph meanOf(Collection<Run> runs) {
        return of(runs, runs.isEmpty() ? 1.0 : 1.0 / runs.size());
    }

    private static FlameGraph of(Collection<Run> runs, double scale) {
        Accumulator all = new Accumulator("all", null, 0);
        long spans = 0;
        for (Run run : runs) {
            TraceSpan span = run.root().span();
            share(run.root(), all.child(span), new long[] {span.startNanos(), span.endNanos()}, new double[] {1.0}, 1);
            spans += run.spanCount();
        }
        return new FlameGraph(all.freeze(scale), runs.size(), spans);
    }

    /**
     * Gives a node the budget (disjoint, ordered segments with weights) it was granted by its parent: shares each
     * piece among the children active in it, keeps the rest as self time, and recurses.
     */
    private static void share(Run.Node node, Accumulator frame, long[] bounds, double[] weights, int segments) {
        TraceSpan span = node.span();
        List<Run.Node> children = node.children();
        if (children.isEmpty()) {
            for (int i = 0; i < segments; i++) {
                frame.self += weights[i] * (bounds[2 * i + 1] - bounds[2 * i]);
            }
            return;
        }
        int n = children.size();
        long[] starts = new long[n];
        long[] ends = new long[n];
        long[] points = new long[2 * n + 2 * segments];
        int count = 0;
        for (int c = 0; c < n; c++) {
            TraceSpan child = children.get(c).span();
            starts[c] = Math.max(child.startNanos(), span.startNanos());
            ends[c] = Math.min(child.endNanos(), span.endNanos());
            points[count++] = starts[c];
            points[count++] = ends[c];
        }
        for (int i = 0; i < 2 * segments; i++) {
            points[count++] = bounds[i];
        }
        Arrays.sort(points, 0, count);
        // Each child's budget, built segment by segment (adjacent equal weights merged).
        long[][] childBounds = new long[n][];
        double[][] childWeights = new double[n][];
        int[] childSegments = new int[n];
        int[] active = new int[n];
        int segment = 0;
        for (int p = 0; p + 1 < count; p++) {
            long from = points[p];
            long to = points[p + 1];
            if (from == to) {
                continue;
            }
            while (segment < segments && bounds[2 * segment + 1] <= from) {
                segment++;
            }
            if (segment >= segments) {
                break;
            }
            if (bounds[2 * segment] > from) {
                continue;
            }
            double weight = weights[segment];
            int k = 0;
            for (int c = 0; c < n; c++) {
                if (starts[c] <= from && ends[c] >= to) {
                    active[k++] = c;
                }
            }
            if (k == 0) {
                frame.self += weight * (to - from);
                continue;
            }
            double share = weight / k;
            for (int a = 0; a < k; a++) {
                int c = active[a];
                int s = childSegments[c];
                if (childBounds[c] == null) {
                    childBounds[c] = new long[4];
                    childWeights[c] = new double[2];
                }
                if (s > 0 && childBounds[c][2 * s - 1] == from && childWeights[c][s - 1] == share) {
                    childBounds[c][2 * s - 1] = to;
                    continue;
                }
                if (2 * s + 2 > childBounds[c].length) {
                    childBounds[c] = Arrays.copyOf(childBounds[c], childBounds[c].length * 2);
                    childWeights[c] = Arrays.copyOf(childWeights[c], childWeights[c].length * 2);
                }
                childBounds[c][2 * s] = from;
                childBounds[c][2 * s + 1] = to;
                childWeights[c][s] = share;
                childSegments[c] = s + 1;
            }
        }
        for (int c = 0; c < n; c++) {
            Run.Node child = children.get(c);
            Accumulator childFrame = frame.child(child.span());
            if (childSegments[c] > 0) {
                share(child, childFrame, childBounds[c], childWeights[c], childSegments[c]);
            }
        }
    }

    /** This graph divided by its number of runs: the mean of a run, from the totals already summed. */
    FlameGraph mean() {
        return runCount <= 1 ? this : new FlameGraph(divided(root, runCount), runCount, spanCount);
    }

    private static Frame divided(Frame frame, int runs) {
        List<Frame> children = new ArrayList<>(frame.children().size());
        for (Frame child : frame.children()) {
            children.add(divided(child, runs));
        }
        return new Frame(frame.name(), frame.file, frame.line, Math.round((double) frame.selfNanos() / runs),
                children);
    }

    /**
     * The synthetic root {@code all}, whose children are the runs' roots.
     *
     * @return the root frame
     */
    public Frame root() {
        return root;
    }

    /**
     * How many runs were aggregated.
     *
     * @return the number of runs
     */
    public int runCount() {
        return runCount;
    }

    /**
     * How many spans those runs hold.
     *
     * @return the number of spans
     */
    public long spanCount() {
        return spanCount;
    }

    /**
     * Brendan Gregg's folded stacks: one line per stack with self time, {@code root;child;leaf <nanoseconds>}, stacks
     * in frame order; frame labels as {@link Frame#label()}.
     *
     * @return the text, one stack a line
     */
    public String folded() {
        StringBuilder out = new StringBuilder();
        StringBuilder stack = new StringBuilder();
        for (Frame child : root.children()) {
            folded(child, stack, out);
        }
        return out.toString();
    }

    private static void folded(Frame frame, StringBuilder stack, StringBuilder out) {
        int length = stack.length();
        if (length > 0) {
            stack.append(';');
        }
        stack.append(frame.label().replace(';', ','));
        if (frame.selfNanos() > 0) {
            out.append(stack).append(' ').append(frame.selfNanos()).append('\n');
        }
        for (Frame child : frame.children()) {
            folded(child, stack, out);
        }
        stack.setLength(length);
    }

    /**
     * The graph as a speedscope file (a sampled profile weighted in nanoseconds; frames carry {@code file} and
     * {@code line} where the spans do).
     *
     * @param name the file's name, shown by speedscope
     * @return the JSON
     */
    public String speedscopeJson(String name) {
        return Speedscope.json(name, List.of(Map.entry("all runs (" + runCount + ")", this)));
    }

    /**
     * The graph as a self-contained HTML page (async-profiler's flame graph: zoom, search, no network), titles giving
     * each frame's name, source, total time and time a run.
     *
     * @param title the page's title
     * @return the HTML
     */
    public String html(String title) {
        return FlamePage.html(this, title, null);
    }

    /** One frame: a span name and source location along one path, with its aggregated time. */
    public static final class Frame {
        private final String name;
        private final String file;
        private final int line;
        private final long totalNanos;
        private final long selfNanos;
        private final List<Frame> children;

        Frame(String name, String file, int line, long selfNanos, List<Frame> children) {
            this.name = name;
            this.file = file;
            this.line = line;
            this.selfNanos = selfNanos;
            this.children = List.copyOf(children);
            long total = selfNanos;
            for (Frame child : children) {
                total += child.totalNanos;
            }
            this.totalNanos = total;
        }

        /**
         * The span name.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * The source file ({@code code.file.path}), if the spans carry one.
         *
         * @return the path as recorded
         */
        public Optional<String> file() {
            return Optional.ofNullable(file);
        }

        /**
         * The source line ({@code code.line.number}), if the spans carry one.
         *
         * @return the line
         */
        public OptionalInt line() {
            return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
        }

        /**
         * The name, followed by {@code (File.java:42)} when the spans carry a source location.
         *
         * @return the label used in folded stacks and the HTML page
         */
        public String label() {
            if (file == null) {
                return name;
            }
            int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
            return name + " (" + file.substring(slash + 1) + (line > 0 ? ":" + line : "") + ")";
        }

        /**
         * The frame's width: its self time plus its children's.
         *
         * @return nanoseconds
         */
        public long totalNanos() {
            return totalNanos;
        }

        /**
         * Time in this frame with no child running.
         *
         * @return nanoseconds
         */
        public long selfNanos() {
            return selfNanos;
        }

        /**
         * The frames called from this one, by label.
         *
         * @return the children
         */
        public List<Frame> children() {
            return children;
        }

        /**
         * The child with this label, if any.
         *
         * @param label a child's {@link #label()}
         * @return the child
         */
        public Optional<Frame> child(String label) {
            return children.stream().filter(child -> child.label().equals(label)).findFirst();
        }

        @Override
        public String toString() {
            return label() + " " + totalNanos + " ns";
        }
    }

    /** A frame being summed up, time in fractional nanoseconds. */
    private static final class Accumulator {
        final String name;
        final String file;
        final int line;
        double self;
        final Map<Object, Accumulator> children = new HashMap<>();

        Accumulator(String name, String file, int line) {
            this.name = name;
            this.file = file;
            this.line = line;
        }

        Accumulator child(TraceSpan span) {
            String path = span.codeFilePath().orElse(null);
            OptionalInt lineNumber = path == null ? OptionalInt.empty() : span.codeLineNumber();
            Object key = path == null ? span.name() : List.of(span.name(), path, lineNumber.orElse(0));
            Accumulator child = children.get(key);
            if (child == null) {
                child = new Accumulator(span.name(), path, lineNumber.orElse(0));
                children.put(key, child);
            }
            return child;
        }

        Frame freeze(double scale) {
            // By label, then by full path: two files of one name stay two frames.
            TreeMap<String, Frame> sorted = new TreeMap<>();
            for (Accumulator child : children.values()) {
                Frame frozen = child.freeze(scale);
                sorted.put(frozen.label() + '\u0000' + (child.file == null ? "" : child.file), frozen);
            }
            return new Frame(name, file, line, Math.round(self * scale), new ArrayList<>(sorted.values()));
        }
    }
}
