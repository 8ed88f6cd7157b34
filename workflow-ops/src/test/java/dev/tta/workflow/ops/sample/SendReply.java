package dev.tta.workflow.ops.sample;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.AvailabilitySlo;
import dev.tta.workflow.annotations.Observed;

/**
 * Sends the reply, then records it in the audit log; the first {@code replyFailures} attempts of a request fail. Its
 * objective: 99% of attempts succeed over 7 days.
 */
@Observed(workflow = "support-agent")
@AvailabilitySlo(target = 0.99, periodDays = 7)
public class SendReply extends WorkflowPrimitive<SupportRequest, SupportRequest> {

    private final Audit audit;

    /**
     * A reply sender.
     *
     * @param audit where sent replies are recorded
     */
    public SendReply(Audit audit) {
        this.audit = audit;
    }

    @Override
    public SupportRequest execute(SupportRequest request, WorkflowContext context) throws Exception {
        Thread.sleep(1);
        if (request.replyAttempts().incrementAndGet() <= request.replyFailures()) {
            throw new java.io.IOException("mail server busy");
        }
        audit.record(request);
        return request;
    }
}
