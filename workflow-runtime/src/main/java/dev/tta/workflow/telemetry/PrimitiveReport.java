package dev.tta.workflow.telemetry;

import dev.tta.workflow.cost.CostSummary;
import dev.tta.workflow.slo.SloStatus;
import java.util.List;

/**
 * Everything the library knows about one primitive at one moment.
 *
 * @param name the primitive's name
 * @param type its kind ({@code step}, {@code parallel}, {@code retry}...)
 * @param lifetime latency percentiles of every execution so far
 * @param window latency percentiles over the recent window
 * @param throughputPerSecond executions completed per second over the recent window
 * @param active executions in flight now
 * @param peakActive the most executions in flight at once over the recent window
 * @param branchesActive for a parallel block, branches running now (0 for other primitives)
 * @param branchesPeak for a parallel block, the most branches running at once over its lifetime
 * @param cost what executions of this primitive cost so far, their subtrees included
 * @param slos the state of each service level objective declared for the primitive, in order of declaration
 */
public record PrimitiveReport(String name, String type, LatencySnapshot lifetime, LatencySnapshot window,
        double throughputPerSecond, int active, int peakActive, int branchesActive, int branchesPeak,
        CostSummary cost, List<SloStatus> slos) {

    /**
     * Copies the list.
     *
     * @param name see {@link #name()}
     * @param type see {@link #type()}
     * @param lifetime see {@link #lifetime()}
     * @param window see {@link #window()}
     * @param throughputPerSecond see {@link #throughputPerSecond()}
     * @param active see {@link #active()}
     * @param peakActive see {@link #peakActive()}
     * @param branchesActive see {@link #branchesActive()}
     * @param branchesPeak see {@link #branchesPeak()}
     * @param cost see {@link #cost()}
     * @param slos see {@link #slos()}
     */
    public PrimitiveReport {
        slos = List.copyOf(slos);
    }
}
