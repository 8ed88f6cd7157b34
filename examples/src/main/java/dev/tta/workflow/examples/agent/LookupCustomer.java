package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** Reads the customer's profile from the CRM; a cache sits in front of it. */
@Observed(workflow = SupportAgent.WORKFLOW)
public class LookupCustomer extends WorkflowPrimitive<SupportRequest, CustomerProfile> {

    private final Backends backends;

    /**
     * @param backends where the CRM is
     */
    public LookupCustomer(Backends backends) {
        this.backends = backends;
    }

    @Override
    public CustomerProfile execute(SupportRequest request, WorkflowContext context) throws InterruptedException {
        return backends.customer(request.customerId());
    }
}
