package dev.tta.workflow.ops.sample;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** Looks a customer's profile up by customer id (behind a cache in the sample workflow). */
@Observed(workflow = "support-agent")
public class LookupCustomer extends WorkflowPrimitive<String, String> {

    /** A lookup. */
    public LookupCustomer() {
    }

    @Override
    public String execute(String customer, WorkflowContext context) throws Exception {
        Thread.sleep(2);
        return "profile of " + customer;
    }
}
