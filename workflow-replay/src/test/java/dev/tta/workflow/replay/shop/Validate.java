package dev.tta.workflow.replay.shop;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;

/** Pure: rejects empty orders, trims the customer's name (and, changed, upper-cases it). */
@Observed(name = "validate")
public class Validate extends WorkflowPrimitive<Order, Order> {
    private final boolean upperCase;

    /** The shop's validation. */
    public Validate() {
        this(false);
    }

    /** @param upperCase a code change: upper-case the customer's name too */
    public Validate(boolean upperCase) {
        this.upperCase = upperCase;
    }

    @Override
    public Order execute(Order order, WorkflowContext context) throws ShopException {
        if (order.quantity() <= 0) {
            throw new ShopException("order " + order.id() + " has no items");
        }
        String customer = order.customer().trim();
        return new Order(order.id(), upperCase ? customer.toUpperCase(java.util.Locale.ROOT) : customer, order.quantity(), order.amount(), order.cvv(),
                order.apiToken(), order.items(), order.headers());
    }
}
