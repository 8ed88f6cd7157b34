package dev.tta.workflow.it.services;

import dev.tta.workflow.annotations.Observed;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A service class as users already have them: method-level {@code @Observed} on the calls worth a span, one of them
 * asynchronous, the others untouched.
 */
public class ShippingService {

    private final Executor executor;
    private final Map<String, Integer> zones;

    /**
     * @param executor where quotes are computed
     * @param zones the zone of each country
     */
    public ShippingService(Executor executor, Map<String, Integer> zones) {
        this.executor = executor;
        this.zones = zones;
    }

    /**
     * Quotes a parcel on the service's executor: the span covers the asynchronous work, until the future completes.
     *
     * @param country where the parcel goes
     * @param grams its weight
     * @return the price in cents, or a failed future for an unknown country
     */
    @Observed(name = "shipping.quote")
    public CompletableFuture<Long> quote(@Observed.Attribute("shipping.country") String country,
            @Observed.Attribute("shipping.grams") int grams) {
        return CompletableFuture.supplyAsync(() -> {
            Integer zone = zones.get(country);
            if (zone == null) {
                throw new IllegalArgumentException("no shipping to " + country);
            }
            return (long) zone * 100 + grams / 10;
        }, executor);
    }

    /**
     * Books a label, synchronously.
     *
     * @param orderId the order
     * @return the tracking number
     */
    @Observed
    public String book(@Observed.Attribute("order.id") String orderId) {
        return "TRACK-" + orderId + "-" + normalise(orderId).length();
    }

    /**
     * Not observed: no span.
     *
     * @param orderId an order id
     * @return the id in upper case
     */
    public String normalise(String orderId) {
        return orderId.toUpperCase(java.util.Locale.ROOT);
    }
}
