package dev.tta.workflow.ops.sample;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** The fallback when the reply cannot be sent: queue it for later. */
@Observed(workflow = "support-agent")
public class QueueReply extends WorkflowPrimitive<SupportRequest, SupportRequest> {

    /** A reply queue. */
    public QueueReply() {
    }

    @Override
    public SupportRequest execute(SupportRequest request, WorkflowContext context) {
        return request;
    }
}
