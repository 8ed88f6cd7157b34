package dev.tta.workflow.replay.shop;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;

/** The pricing service: fails now and then. */
@Observed(name = "price")
public class Price extends WorkflowPrimitive<Order, Quote> {
    private final World world;

    /** @param world the outside systems */
    public Price(World world) {
        this.world = world;
    }

    @Override
    public Quote execute(Order order, WorkflowContext context) throws ShopException {
        double roll = world.chance("price", order.id());
        if (roll < 0.08) {
            throw new ShopException("pricing is down");
        }
        return new Quote(order, order.amount() * order.quantity() + (int) (roll * 10), 0);
    }
}
