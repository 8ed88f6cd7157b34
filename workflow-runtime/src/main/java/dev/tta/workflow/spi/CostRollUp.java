package dev.tta.workflow.spi;

import dev.tta.workflow.cost.CostSummary;
import dev.tta.workflow.internal.CostLedger;
import dev.tta.workflow.internal.TelemetryErrors;

/** Observer: the subtree's cost goes on the execution's span, to its parent's ledger and to its name's totals. */
final class CostRollUp {

    private CostRollUp() {
    }

    static void ended(Invocation execution) {
        CostLedger ledger = execution.recordedCosts();
        if (ledger == null || !ledger.isUsed()) {
            return;
        }
        try {
            CostSummary total = ledger.summary();
            CostLedger.setAttributes(execution.span(), total);
            if (execution.parentCosts != null) {
                execution.parentCosts.addCost(total);
            }
            execution.stats.cost().add(total);
        } catch (Throwable failure) {
            TelemetryErrors.report("rolling up the cost of '" + execution.name() + "'", failure);
        }
    }
}
