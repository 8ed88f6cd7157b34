package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** The fallback when no model answered: an honest holding reply, free of charge. */
@Observed(workflow = SupportAgent.WORKFLOW)
public class CannedReply extends WorkflowPrimitive<AgentTask, Draft> {

    /** Creates the step. */
    public CannedReply() {
    }

    @Override
    public Draft execute(AgentTask task, WorkflowContext context) {
        return new Draft(task.request(), "Thanks, " + task.profile().name() + ": we received your question and a"
                + " member of our team will answer within one business day.", Draft.CANNED);
    }
}
