package dev.tta.workflow.ops.sample;

import dev.tta.workflow.annotations.AvailabilitySlo;
import dev.tta.workflow.annotations.Observed;

/**
 * The audit log: a class with an observed method, declared in no workflow (it belongs to no single one), with an
 * objective of its own. It never fails, so its objective never has a bad event.
 */
public class Audit {

    /** An audit log. */
    public Audit() {
    }

    /**
     * Records one sent reply.
     *
     * @param request the request answered
     */
    @Observed(name = "audit.record")
    @AvailabilitySlo(target = 0.995, periodDays = 3)
    public void record(SupportRequest request) {
        // A real service would write the record somewhere; the sample only needs the traced call.
    }
}
