package dev.tta.workflow.internal;

import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.cost.CostSummary;

/**
 * What the costs recorded in a workflow context are added to: the execution that handed the context down, or a phase
 * inside one. Contexts carry the owner rather than a ledger of its own, so that an execution whose subtree records no
 * cost, as nearly all do, allocates none. Thread-safe: parallel branches add to their block's costs concurrently.
 */
public interface CostOwner {

    /**
     * The name the costs recorded inside are reported under in the metrics.
     *
     * @return the primitive's name, or the phase's span name
     */
    String name();

    /**
     * Adds a cost recorded in a context this owner handed down.
     *
     * @param cost the cost
     */
    void addCost(Cost cost);

    /**
     * Adds what a child's subtree cost, when the child ends.
     *
     * @param summary the child's totals
     */
    void addCost(CostSummary summary);
}
