package dev.tta.workflow.replay.shop;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;

/** Pure: large orders are marked for review. */
@Observed(name = "review")
public class Review extends WorkflowPrimitive<Shipment, Shipment> {
    @Override
    public Shipment execute(Shipment shipment, WorkflowContext context) {
        return new Shipment(shipment.orderId(), shipment.carrier() + " (reviewed)", shipment.tracking(),
                shipment.charged());
    }
}
