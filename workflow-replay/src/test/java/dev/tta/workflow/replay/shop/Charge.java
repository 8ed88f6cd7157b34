package dev.tta.workflow.replay.shop;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;

/** The payment provider, behind a circuit breaker: declines some cards. */
@Observed(name = "charge")
public class Charge extends WorkflowPrimitive<Shipment, Shipment> {
    private final World world;

    /** @param world the outside systems */
    public Charge(World world) {
        this.world = world;
    }

    @Override
    public Shipment execute(Shipment shipment, WorkflowContext context) throws ShopException {
        if (world.chance("charge", shipment.orderId()) < 0.35) {
            throw new ShopException("card declined for " + shipment.orderId());
        }
        return shipment;
    }
}
