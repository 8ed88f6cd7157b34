package dev.tta.workflow.example.checkout;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the parallel confirmations into a receipt. */
@Observed
public class ConfirmOrder extends WorkflowPrimitive<List<Confirmation>, Receipt> {

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmOrder.class);

    /** Creates the step. */
    public ConfirmOrder() {
    }

    @Override
    public Receipt execute(List<Confirmation> confirmations, WorkflowContext context) {
        String orderId = context.metadata().getOrDefault("order.id", "unknown");
        LOG.info("order {} confirmed by {} steps", orderId, confirmations.size());
        return new Receipt(orderId, confirmations);
    }
}
