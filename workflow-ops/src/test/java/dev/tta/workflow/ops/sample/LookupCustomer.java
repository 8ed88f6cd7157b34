package dev.tta.workflow.ops.sample;

import dev.tta.workflow.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** Looks the customer up (behind a cache in the sample workflow). */
@Observed
public class LookupCustomer extends WorkflowPrimitive<SupportRequest, SupportRequest> {

    /** A lookup. */
    public LookupCustomer() {
    }

    @Override
    public SupportRequest execute(SupportRequest request, WorkflowContext context) throws Exception {
        Thread.sleep(2);
        return request;
    }
}
