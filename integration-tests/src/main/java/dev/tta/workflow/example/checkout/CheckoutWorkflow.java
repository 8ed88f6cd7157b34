package dev.tta.workflow.example.checkout;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;

/** The checkout workflow: validate, then reserve, charge and quote in parallel, then confirm. */
public final class CheckoutWorkflow {

    private CheckoutWorkflow() {
    }

    /**
     * Builds the workflow from the generated, instrumented steps.
     *
     * @param validateMillis simulated latency of validation
     * @param inventoryMillis simulated latency of the inventory reservation
     * @param paymentMillis simulated latency of the payment
     * @param shippingMillis simulated latency of the shipping quote
     * @return the workflow, ready to share between threads
     */
    public static WorkflowPrimitive<Order, Receipt> create(long validateMillis, long inventoryMillis,
            long paymentMillis, long shippingMillis) {
        return new InstrumentedValidateOrder(validateMillis)
                .then(Workflows.parallel(
                        new InstrumentedReserveInventory(inventoryMillis),
                        new InstrumentedChargePayment(paymentMillis),
                        new InstrumentedQuoteShipping(shippingMillis)))
                .then(new InstrumentedConfirmOrder())
                .named("checkout");
    }

    /**
     * The context of one checkout run.
     *
     * @param order the order
     * @return a fresh context carrying the order id as metadata
     */
    public static WorkflowContext contextFor(Order order) {
        return WorkflowContext.start("checkout").withMetadata("order.id", order.id());
    }
}
