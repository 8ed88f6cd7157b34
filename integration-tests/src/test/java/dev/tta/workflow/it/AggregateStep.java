package dev.tta.workflow.it;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import java.util.List;

/** Joins the results of a parallel block. */
@Observed
public class AggregateStep extends WorkflowPrimitive<List<String>, String> {

    @Override
    public String execute(List<String> parts, WorkflowContext context) {
        return String.join("|", parts);
    }
}
