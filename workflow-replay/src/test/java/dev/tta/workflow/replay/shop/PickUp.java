package dev.tta.workflow.replay.shop;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;

/** The fallback when no carrier takes the order: the customer picks it up; pure. */
@Observed(name = "pick-up")
public class PickUp extends WorkflowPrimitive<Quote, Shipment> {
    private final String carrier;

    /** The shop's pick-up. */
    public PickUp() {
        this("pick-up");
    }

    /** @param carrier what the shipment says (a code change, when not "pick-up") */
    public PickUp(String carrier) {
        this.carrier = carrier;
    }

    @Override
    public Shipment execute(Quote quote, WorkflowContext context) {
        return new Shipment(quote.order().id(), carrier, "none", quote.price());
    }
}
