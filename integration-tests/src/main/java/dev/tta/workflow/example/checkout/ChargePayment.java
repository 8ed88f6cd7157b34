package dev.tta.workflow.example.checkout;

import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Charges the order's total; declines customers on a blocklist. */
@Observed(name = "payment.charge")
public class ChargePayment extends WorkflowPrimitive<Order, Confirmation> {

    private static final Logger LOG = LoggerFactory.getLogger(ChargePayment.class);

    private static final BigDecimal FIXED_FEE = new BigDecimal("0.30");
    private static final BigDecimal RATE = new BigDecimal("0.029");

    private final long latencyMillis;

    /**
     * A payment gateway with a simulated latency.
     *
     * @param latencyMillis how long a charge takes
     */
    public ChargePayment(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    @Override
    public Confirmation execute(Order order, WorkflowContext context) throws Exception {
        SimulatedLatency.pause(latencyMillis);
        if (order.customer().startsWith("blocked")) {
            throw new PaymentDeclinedException("card of " + order.customer() + " declined");
        }
        LOG.info("charged {} for order {}", order.total(), order.id());
        // The payment provider's fee: what this step costs the business, rolled up to the checkout's span.
        context.recordCost(Cost.money(FIXED_FEE.add(order.total().multiply(RATE)).setScale(2, RoundingMode.HALF_UP),
                "USD"));
        return new Confirmation("payment", "pay-" + order.id());
    }

    /** The payment provider refused the charge. */
    public static final class PaymentDeclinedException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * @param message why
         */
        public PaymentDeclinedException(String message) {
            super(message);
        }
    }
}
