package dev.tta.workflow.ops.sample;

import dev.tta.workflow.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** Sends the reply; the first {@code replyFailures} attempts of a request fail. */
@Observed
public class SendReply extends WorkflowPrimitive<SupportRequest, SupportRequest> {

    /** A reply sender. */
    public SendReply() {
    }

    @Override
    public SupportRequest execute(SupportRequest request, WorkflowContext context) throws Exception {
        Thread.sleep(1);
        if (request.replyAttempts().incrementAndGet() <= request.replyFailures()) {
            throw new java.io.IOException("mail server busy");
        }
        return request;
    }
}
