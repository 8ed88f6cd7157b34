package dev.tta.workflow.replay.shop;

import dev.tta.workflow.Backoff;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The test shop's workflow: every primitive that makes a decision a replay must repeat.
 *
 * <pre>
 * shop
 * ├─ validate                  pure step
 * ├─ quote                     parallel: price, and stock behind a cache
 * ├─ carrier                   router: express or standard
 * │  └─ ship.fallback          fallback to pick-up
 * │     └─ ship.retry          retry with jittered backoff
 * │        └─ ship.timeout     50 ms
 * │           └─ ship          the carrier
 * ├─ payment                   circuit breaker
 * │  └─ charge
 * └─ large?                    conditional: review
 * </pre>
 */
public final class Shop {

    /** The workflow's name. */
    public static final String WORKFLOW = "shop";

    private Shop() {
    }

    /**
     * The workflow with the shop's steps.
     *
     * @param world the outside systems
     * @return the workflow
     */
    public static WorkflowPrimitive<Order, Shipment> create(World world) {
        return create(world, InstrumentedValidate::new, new InstrumentedPickUp());
    }

    /**
     * The workflow with another validation step: a code change under study.
     *
     * @param world the outside systems
     * @param validate makes the validation step
     * @param pickUp the fallback when no carrier takes the order
     * @return the workflow
     */
    public static WorkflowPrimitive<Order, Shipment> create(World world,
            Supplier<? extends WorkflowPrimitive<Order, Order>> validate, PickUp pickUp) {
        WorkflowPrimitive<Order, Integer> stock = Workflows.cache(new InstrumentedStock(world), Order::customer)
                .maximumSize(100).named("stock-cache").build();
        WorkflowPrimitive<Order, Quote> quote = Workflows.<Order, Quote, Integer, Quote>parallel(
                new InstrumentedPrice(world), stock, (priced, inStock) -> new Quote(priced.order(), priced.price(),
                        inStock))
                .named("quote");
        WorkflowPrimitive<Quote, Shipment> carrier = Workflows.router((Quote q) -> q.price() > 150 ? "express"
                        : "standard")
                .route("express", resilientShipping(world, "express", pickUp))
                .route("standard", resilientShipping(world, "standard", pickUp))
                .named("carrier")
                .build();
        WorkflowPrimitive<Shipment, Shipment> payment = Workflows.circuitBreaker(new InstrumentedCharge(world))
                .minimumCalls(5).slidingWindowSize(10).failureRateThreshold(0.5).openDuration(Duration.ofMillis(20))
                .named("payment").build();
        WorkflowPrimitive<Shipment, Shipment> review = Workflows.when((Shipment s) -> s.charged() > 400,
                new InstrumentedReview()).named("large?");
        return validate.get().then(quote).then(carrier).then(payment).then(review).named(WORKFLOW);
    }

    private static WorkflowPrimitive<Quote, Shipment> resilientShipping(World world, String name, PickUp pickUp) {
        var bounded = Workflows.timeout(new InstrumentedShip(world, name), Duration.ofMillis(50))
                .named("ship.timeout");
        var retried = Workflows.retry(bounded).maxAttempts(3)
                .backoff(Backoff.exponential(Duration.ofMillis(2), 2.0, Duration.ofMillis(20)).withJitter(0.5))
                .retryOn(failure -> failure instanceof ShopException
                        || failure instanceof dev.tta.workflow.WorkflowTimeoutException)
                .named("ship.retry")
                .build();
        return Workflows.fallback(retried, pickUp).named("ship.fallback");
    }
}
