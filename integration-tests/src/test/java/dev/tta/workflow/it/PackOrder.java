package dev.tta.workflow.it;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** The worker side of the distributed test: records the context it ran with. */
@Observed
public class PackOrder extends WorkflowPrimitive<String, String> {

    @Override
    public String execute(String input, WorkflowContext context) {
        return "packed " + input + " in " + context.workflowName() + " " + context.workflowId() + " "
                + context.correlationId();
    }
}
