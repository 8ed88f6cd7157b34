package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** Records the answer in a help-desk ticket before it is sent; {@link CloseTicket} undoes it. */
@Observed(workflow = SupportAgent.WORKFLOW)
public class OpenTicket extends WorkflowPrimitive<Draft, Ticket> {

    private final Backends backends;

    /**
     * @param backends where the help desk is
     */
    public OpenTicket(Backends backends) {
        this.backends = backends;
    }

    @Override
    public Ticket execute(Draft draft, WorkflowContext context) throws InterruptedException {
        return new Ticket(backends.openTicket(draft.request().id()), draft);
    }
}
