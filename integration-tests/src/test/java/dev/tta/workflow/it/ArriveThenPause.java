package dev.tta.workflow.it;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.example.checkout.Confirmation;
import dev.tta.workflow.example.checkout.Order;
import java.util.concurrent.CountDownLatch;

/** A branch that signals it has started, then works for a while (interruptibly). */
@Observed
public class ArriveThenPause extends WorkflowPrimitive<Order, Confirmation> {

    private final CountDownLatch arrivals;
    private final long pauseMillis;

    /**
     * @param arrivals counted down on entry
     * @param pauseMillis how long to work
     */
    public ArriveThenPause(CountDownLatch arrivals, long pauseMillis) {
        this.arrivals = arrivals;
        this.pauseMillis = pauseMillis;
    }

    @Override
    public Confirmation execute(Order order, WorkflowContext context) throws InterruptedException {
        arrivals.countDown();
        Thread.sleep(pauseMillis);
        return new Confirmation("pause", order.id());
    }
}
