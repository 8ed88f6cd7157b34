package dev.tta.workflow.it.services;

import dev.tta.workflow.annotations.Observed;
import java.io.IOException;
import java.util.List;

/**
 * A client interface with an implementation the application does not own: {@code InstrumentedInventoryClient}
 * decorates any implementation.
 */
@Observed(name = "inventory")
public interface InventoryClient {

    /**
     * @param sku the item
     * @return the units in stock
     * @throws IOException if the inventory system cannot be reached
     */
    int stock(@Observed.Attribute("inventory.sku") String sku) throws IOException;

    /**
     * @param skus the items
     * @return whether every one is in stock
     * @throws IOException if the inventory system cannot be reached
     */
    default boolean allInStock(List<String> skus) throws IOException {
        for (String sku : skus) {
            if (stock(sku) <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Polled by health checks: not worth a span.
     *
     * @return whether the client is connected
     */
    @Observed.Exclude
    boolean connected();
}
