package dev.tta.workflow.example.checkout;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** Reserves every item of the order. */
@Observed
public class ReserveInventory extends WorkflowPrimitive<Order, Confirmation> {

    private final long latencyMillis;

    /**
     * An inventory service with a simulated latency.
     *
     * @param latencyMillis how long a reservation takes
     */
    public ReserveInventory(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    @Override
    public Confirmation execute(Order order, WorkflowContext context) throws Exception {
        SimulatedLatency.pause(latencyMillis);
        return new Confirmation("inventory", "rsv-" + order.id() + "-" + order.items().size());
    }
}
