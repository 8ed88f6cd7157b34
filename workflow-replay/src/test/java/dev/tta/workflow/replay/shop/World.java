package dev.tta.workflow.replay.shop;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shop's outside systems, random but seeded per order and per system, so that a run's draws do not depend on
 * the threads; counts every call, so that a test can tell a replay called nothing.
 */
public final class World {

    private final long seed;
    private final Map<String, SplittableRandom> draws = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger tracking = new AtomicInteger(1000);

    /** @param seed the seed of every draw */
    public World(long seed) {
        this.seed = seed;
    }

    /** @return how many times a system was called */
    public int calls() {
        return calls.get();
    }

    /**
     * A chance in [0, 1) for a call of a system for an order.
     *
     * @param system the system
     * @param orderId the order
     * @return the draw
     */
    public double chance(String system, String orderId) {
        calls.incrementAndGet();
        SplittableRandom random = draws.computeIfAbsent(system + "/" + orderId,
                key -> new SplittableRandom(seed ^ key.hashCode() * 0x9E3779B97F4A7C15L));
        synchronized (random) {
            return random.nextDouble();
        }
    }

    /** @return a fresh tracking number: a value that differs between a run and its replay */
    public String nextTracking() {
        return "TRK-" + tracking.incrementAndGet();
    }
}
