package dev.tta.workflow.example.checkout;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rejects orders with no items or a non-positive total. */
@Observed
public class ValidateOrder extends WorkflowPrimitive<Order, Order> {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateOrder.class);

    private final long latencyMillis;

    /** A validator taking 1 ms. */
    public ValidateOrder() {
        this(1);
    }

    /**
     * A validator with a simulated latency.
     *
     * @param latencyMillis how long validation takes
     */
    public ValidateOrder(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    @Override
    public Order execute(Order order, WorkflowContext context) throws Exception {
        SimulatedLatency.pause(latencyMillis);
        if (order.items().isEmpty()) {
            throw new IllegalArgumentException("order " + order.id() + " has no items");
        }
        if (order.total().signum() <= 0) {
            throw new IllegalArgumentException("order " + order.id() + " has a non-positive total");
        }
        LOG.info("order {} is valid", order.id());
        return order;
    }
}
