package dev.tta.workflow.example.checkout;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** Books a shipping slot for the order. */
@Observed
public class QuoteShipping extends WorkflowPrimitive<Order, Confirmation> {

    private final long latencyMillis;

    /**
     * A carrier API with a simulated latency.
     *
     * @param latencyMillis how long a quote takes
     */
    public QuoteShipping(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    @Override
    public Confirmation execute(Order order, WorkflowContext context) throws Exception {
        SimulatedLatency.pause(latencyMillis);
        return new Confirmation("shipping", "shp-" + order.id());
    }
}
