package dev.tta.workflow.replay.shop;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;

/** The warehouse, behind a cache keyed by customer. */
@Observed(name = "stock")
public class Stock extends WorkflowPrimitive<Order, Integer> {
    private final World world;

    /** @param world the outside systems */
    public Stock(World world) {
        this.world = world;
    }

    @Override
    public Integer execute(Order order, WorkflowContext context) {
        return (int) (world.chance("stock", order.customer()) * 20);
    }
}
