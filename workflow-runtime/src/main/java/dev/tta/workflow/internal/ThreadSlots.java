package dev.tta.workflow.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A number per thread, handed out in turn as threads first ask: striped state indexes its stripes with it, so that
 * threads that start one after the other (a pool's, a benchmark's) land on different stripes. Thread ids do not: two
 * threads whose ids share their low bits shared a stripe, and contended on every call.
 */
final class ThreadSlots {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final ThreadLocal<Integer> SLOT = ThreadLocal.withInitial(NEXT::getAndIncrement);

    private ThreadSlots() {
    }

    /**
     * The calling thread's number.
     *
     * @return a non-negative number, the same for the thread's whole life
     */
    static int current() {
        return SLOT.get() & Integer.MAX_VALUE;
    }
}
