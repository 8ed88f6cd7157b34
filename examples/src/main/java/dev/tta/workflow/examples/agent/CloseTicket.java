package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The compensation of {@link OpenTicket}: closes the ticket as not delivered, so no one waits on it. */
@Observed(workflow = SupportAgent.WORKFLOW)
public class CloseTicket extends WorkflowPrimitive<Ticket, Ticket> {

    private static final Logger LOG = LoggerFactory.getLogger(CloseTicket.class);

    private final Backends backends;

    /**
     * @param backends where the help desk is
     */
    public CloseTicket(Backends backends) {
        this.backends = backends;
    }

    @Override
    public Ticket execute(Ticket ticket, WorkflowContext context) throws InterruptedException {
        backends.closeTicket(ticket.id());
        LOG.info("closed ticket {} of request {}: the answer was not delivered", ticket.id(),
                ticket.draft().request().id());
        return ticket;
    }
}
