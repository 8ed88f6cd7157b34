package dev.tta.workflow.replay.shop;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;

/** The carrier: busy, sometimes hangs (a timeout gives up on it), and hands out tracking numbers. */
@Observed(name = "ship")
public class Ship extends WorkflowPrimitive<Quote, Shipment> {
    private final World world;
    private final String carrier;

    /**
     * @param world the outside systems
     * @param carrier the carrier's name
     */
    public Ship(World world, String carrier) {
        this.world = world;
        this.carrier = carrier;
    }

    @Override
    public Shipment execute(Quote quote, WorkflowContext context) throws ShopException, InterruptedException {
        double roll = world.chance("ship-" + carrier, quote.order().id());
        if (roll < 0.25) {
            throw new ShopException(carrier + " is busy");
        }
        if (roll < 0.30) {
            Thread.sleep(5_000); // interrupted by the timeout
        }
        if (quote.inStock() < quote.order().quantity() && roll < 0.5) {
            throw new ShopException("not enough stock for " + quote.order().id());
        }
        return new Shipment(quote.order().id(), carrier, world.nextTracking(), quote.price());
    }
}
