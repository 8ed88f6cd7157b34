package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.AvailabilitySlo;
import dev.tta.workflow.annotations.Observed;

/** Sends the answer to the customer's channel: the side effect the saga protects. */
@Observed(workflow = SupportAgent.WORKFLOW)
@AvailabilitySlo(target = 0.99)
public class SendReply extends WorkflowPrimitive<Ticket, AgentReply> {

    private final Backends backends;

    /**
     * @param backends where the reply channels are
     */
    public SendReply(Backends backends) {
        this.backends = backends;
    }

    @Override
    public AgentReply execute(Ticket ticket, WorkflowContext context) throws Exception {
        Draft draft = ticket.draft();
        backends.deliver(draft.request().channel(), draft.request().customerId(), draft.text());
        return new AgentReply(draft.request().id(), ticket.id(), draft.model(), draft.text());
    }
}
