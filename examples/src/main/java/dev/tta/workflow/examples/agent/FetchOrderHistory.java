package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** A tool call: reads the customer's recent orders. */
@Observed(workflow = SupportAgent.WORKFLOW)
public class FetchOrderHistory extends WorkflowPrimitive<SupportRequest, OrderHistory> {

    private final Backends backends;

    /**
     * @param backends where the order service is
     */
    public FetchOrderHistory(Backends backends) {
        this.backends = backends;
    }

    @Override
    public OrderHistory execute(SupportRequest request, WorkflowContext context) throws InterruptedException {
        return new OrderHistory(backends.recentOrders(request.customerId()));
    }
}
