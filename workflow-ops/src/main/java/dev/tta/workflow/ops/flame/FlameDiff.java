package dev.tta.workflow.ops.flame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Slow runs against typical ones: runs whose root took longer than the p99 of all runs' durations (nearest rank),
 * against every other run. Both sides are averaged per run, so the differential page colours each frame by how much
 * more (red) or less (blue) time an average slow run spends in it than an average typical run.
 */
public final class FlameDiff {

    private final long p99Nanos;
    private final List<Run> slow;
    private final List<Run> typical;
    private FlameGraph slowGraph;
    private FlameGraph typicalGraph;

    private FlameDiff(long p99Nanos, List<Run> slow, List<Run> typical) {
        this.p99Nanos = p99Nanos;
        this.slow = List.copyOf(slow);
        this.typical = List.copyOf(typical);
    }

    /**
     * Splits runs at the p99 of their durations.
     *
     * @param runs the runs
     * @return the split; with fewer than 100 runs, often no run is above the p99
     */
    public static FlameDiff of(Collection<Run> runs) {
        long[] durations = runs.stream().mapToLong(Run::durationNanos).sorted().toArray();
        long p99 = durations.length == 0 ? 0 : durations[(int) Math.ceil(0.99 * durations.length) - 1];
        List<Run> slow = new ArrayList<>();
        List<Run> typical = new ArrayList<>();
        for (Run run : runs) {
            (run.durationNanos() > p99 ? slow : typical).add(run);
        }
        return new FlameDiff(p99, slow, typical);
    }

    /**
     * The p99 of the runs' durations: slow runs took longer.
     *
     * @return nanoseconds
     */
    public long p99Nanos() {
        return p99Nanos;
    }

    /**
     * The runs above the p99.
     *
     * @return them, in input order
     */
    public List<Run> slowRuns() {
        return slow;
    }

    /**
     * The other runs.
     *
     * @return them, in input order
     */
    public List<Run> typicalRuns() {
        return typical;
    }

    /**
     * Whether there is anything to compare: at least one slow and one typical run.
     *
     * @return true if {@link #html} draws a difference
     */
    public boolean comparable() {
        return !slow.isEmpty() && !typical.isEmpty();
    }

    /**
     * The differential page: an average slow run's flame graph, each frame coloured by its change against an average
     * typical run, the change in its title.
     *
     * @param title what the runs are, e.g. the workflow's name; the split is appended
     * @return the HTML
     * @throws IllegalStateException if not {@link #comparable()}
     */
    public String html(String title) {
        if (!comparable()) {
            throw new IllegalStateException("no run is slower than the p99 (" + Durations.format(p99Nanos) + ") of "
                    + (slow.size() + typical.size()) + " runs: nothing to compare");
        }
        String split = slow.size() + (slow.size() == 1 ? " run" : " runs") + " above the p99 ("
                + Durations.format(p99Nanos) + ") against " + typical.size() + " others, a run each";
        return FlamePage.html(slowGraph().mean(), title + ": " + split, typicalGraph().mean());
    }

    /**
     * Speedscope profiles of the slow and the typical runs (totals, not means), for a side-by-side look.
     *
     * @return the profiles' names and graphs
     */
    List<Map.Entry<String, FlameGraph>> profiles() {
        return Arrays.asList(Map.entry("runs above p99 (" + slow.size() + ")", slowGraph()),
                Map.entry("typical runs (" + typical.size() + ")", typicalGraph()));
    }

    private synchronized FlameGraph slowGraph() {
        if (slowGraph == null) {
            slowGraph = FlameGraph.of(slow);
        }
        return slowGraph;
    }

    private synchronized FlameGraph typicalGraph() {
        if (typicalGraph == null) {
            typicalGraph = FlameGraph.of(typical);
        }
        return typicalGraph;
    }
}
