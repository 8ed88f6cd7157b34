package dev.tta.workflow.it.services;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import java.util.List;

/** A workflow step that calls observed services: their spans nest under the step's. */
@Observed
public class PlaceOrder extends WorkflowPrimitive<String, String> {

    private final InventoryClient inventory;
    private final ShippingService shipping;

    /**
     * @param inventory the (decorated) inventory client
     * @param shipping the (instrumented) shipping service
     */
    public PlaceOrder(InventoryClient inventory, ShippingService shipping) {
        this.inventory = inventory;
        this.shipping = shipping;
    }

    @Override
    public String execute(@Observed.Attribute("order.id") String orderId, WorkflowContext context)
            throws Exception {
        if (!inventory.allInStock(List.of("book", "pen"))) {
            throw new IllegalStateException("out of stock");
        }
        long price = shipping.quote("FR", 500).join();
        return shipping.book(orderId) + "@" + price;
    }
}
