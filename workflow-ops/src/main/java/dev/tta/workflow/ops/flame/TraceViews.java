package dev.tta.workflow.ops.flame;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the flame graph and timeline files of a set of spans into a directory:
 *
 * <ul>
 *   <li>{@value #FLAME_HTML}, {@value #FLAME_FOLDED}, {@value #FLAME_SPEEDSCOPE}: the aggregate flame graph of every
 *       run ({@link FlameGraph}); the speedscope file also holds the slow and typical runs as profiles of their own;</li>
 *   <li>{@value #FLAME_DIFF_HTML}: slow runs against typical ones ({@link FlameDiff}), when some run is above the
 *       p99;</li>
 *   <li>{@value #TIMELINE_JSON}, {@value #TIMELINE_HTML}: the timeline of the slowest run ({@link Timeline}).</li>
 * </ul>
 *
 * <pre>{@code
 * List<Path> files = TraceViews.write(exporter.getFinishedSpanItems(), Path.of("target/traces"));
 * }</pre>
 */
public final class TraceViews {

    /** The flame graph page. */
    public static final String FLAME_HTML = "flame.html";
    /** The flame graph as folded stacks. */
    public static final String FLAME_FOLDED = "flame.folded";
    /** The flame graph as a speedscope file. */
    public static final String FLAME_SPEEDSCOPE = "flame.speedscope.json";
    /** The differential page: slow runs against typical ones. */
    public static final String FLAME_DIFF_HTML = "flame-diff.html";
    /** The timeline as Chrome trace-event JSON. */
    public static final String TIMELINE_JSON = "timeline.json";
    /** The timeline's HTML view. */
    public static final String TIMELINE_HTML = "timeline.html";

    private TraceViews() {
    }

    /**
     * Writes every view of spans collected in process.
     *
     * @param spans finished spans of any number of runs
     * @param directory where to write (created if needed; files of the same name are replaced)
     * @return the files written
     * @throws IllegalArgumentException if there are no spans
     * @throws UncheckedIOException if a file cannot be written
     */
    public static List<Path> write(Collection<? extends SpanData> spans, Path directory) {
        return writeSpans(SpanReader.fromSpanData(spans), directory, null);
    }

    /**
     * Writes every view of these spans.
     *
     * @param spans spans of any number of runs
     * @param directory where to write
     * @param title the pages' title, or {@code null} for one naming the workflow, runs and spans
     * @return the files written
     * @throws IllegalArgumentException if there are no spans
     * @throws UncheckedIOException if a file cannot be written
     */
    public static List<Path> writeSpans(Collection<TraceSpan> spans, Path directory, String title) {
        List<Run> runs = Run.of(spans);
        List<Path> written = new ArrayList<>(writeFlame(runs, directory, title));
        written.addAll(writeTimeline(slowest(runs), directory, title));
        return written;
    }

    /**
     * Writes the flame graph files of these runs, and the differential page if some run is above the p99.
     *
     * @param runs the runs
     * @param directory where to write
     * @param title the pages' title, or {@code null} for a default
     * @return the files written
     * @throws IllegalArgumentException if there are no runs
     * @throws UncheckedIOException if a file cannot be written
     */
    public static List<Path> writeFlame(List<Run> runs, Path directory, String title) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no spans: nothing to draw");
        }
        FlameGraph graph = FlameGraph.of(runs);
        String heading = title != null ? title : defaultTitle(runs, graph.spanCount());
        FlameDiff diff = FlameDiff.of(runs);
        List<Map.Entry<String, FlameGraph>> profiles = new ArrayList<>();
        profiles.add(Map.entry("all runs (" + runs.size() + ")", graph));
        if (diff.comparable()) {
            profiles.addAll(diff.profiles());
        }
        List<Path> written = new ArrayList<>();
        written.add(write(directory, FLAME_HTML, graph.html(heading)));
        written.add(write(directory, FLAME_FOLDED, graph.folded()));
        written.add(write(directory, FLAME_SPEEDSCOPE, Speedscope.json(heading, profiles)));
        if (diff.comparable()) {
            written.add(write(directory, FLAME_DIFF_HTML, diff.html(title != null ? title : workflowName(runs))));
        }
        return written;
    }

    /**
     * Writes the timeline files of one run.
     *
     * @param run the run
     * @param directory where to write
     * @param title the page's title, or {@code null} for one naming the run
     * @return the files written
     * @throws UncheckedIOException if a file cannot be written
     */
    public static List<Path> writeTimeline(Run run, Path directory, String title) {
        Timeline timeline = Timeline.of(run);
        String heading = title != null ? title : run.root().span().name() + " " + run.traceId() + ": "
                + Durations.format(run.durationNanos()) + ", " + run.spanCount() + " spans";
        return List.of(write(directory, TIMELINE_JSON, timeline.json()),
                write(directory, TIMELINE_HTML, timeline.html(heading)));
    }

    /**
     * The run that took longest; of equal ones, the first.
     *
     * @param runs the runs
     * @return the slowest
     * @throws IllegalArgumentException if there are none
     */
    public static Run slowest(List<Run> runs) {
        Run slowest = null;
        for (Run run : runs) {
            if (slowest == null || run.durationNanos() > slowest.durationNanos()) {
                slowest = run;
            }
        }
        if (slowest == null) {
            throw new IllegalArgumentException("no spans: no run to draw");
        }
        return slowest;
    }

    /**
     * The run of a trace: its largest root if the trace has several.
     *
     * @param runs the runs
     * @param traceId the trace id (hex, any case)
     * @return the run, if the trace is there
     */
    public static Optional<Run> find(List<Run> runs, String traceId) {
        Objects.requireNonNull(traceId, "traceId");
        return runs.stream().filter(run -> run.traceId().equalsIgnoreCase(traceId.trim()))
                .max(Comparator.comparingInt(Run::spanCount));
    }

    private static String workflowName(List<Run> runs) {
        String first = runs.get(0).root().span().name();
        return runs.stream().allMatch(run -> run.root().span().name().equals(first)) ? first : "workflows";
    }

    private static String defaultTitle(List<Run> runs, long spans) {
        return workflowName(runs) + ": " + String.format(java.util.Locale.ROOT, "%,d runs, %,d spans",
                runs.size(), spans);
    }

    private static Path write(Path directory, String name, String text) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(name);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot write " + directory.resolve(name) + ": " + failure.getMessage(),
                    failure);
        }
    }
}
