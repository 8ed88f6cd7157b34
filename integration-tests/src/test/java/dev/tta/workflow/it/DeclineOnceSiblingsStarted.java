package dev.tta.workflow.it;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.example.checkout.ChargePayment;
import dev.tta.workflow.example.checkout.Confirmation;
import dev.tta.workflow.example.checkout.Order;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Charges (and so fails, for a blocked customer) only once its sibling branches are running. */
@Observed(name = "payment.charge")
public class DeclineOnceSiblingsStarted extends WorkflowPrimitive<Order, Confirmation> {

    private final CountDownLatch siblingsStarted;

    /**
     * @param siblingsStarted released when every sibling branch has started
     */
    public DeclineOnceSiblingsStarted(CountDownLatch siblingsStarted) {
        this.siblingsStarted = siblingsStarted;
    }

    @Override
    @SuppressWarnings("ObservedBypassed") // the plain step, on purpose: this one is the traced charge
    public Confirmation execute(Order order, WorkflowContext context) throws Exception {
        if (!siblingsStarted.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("sibling branches never started");
        }
        return new ChargePayment(0).execute(order, context);
    }
}
