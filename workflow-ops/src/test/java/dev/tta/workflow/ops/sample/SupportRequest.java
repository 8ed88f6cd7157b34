package dev.tta.workflow.ops.sample;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request to the sample support service, carrying the behaviour the load driver injects into its steps.
 *
 * @param customer the customer id (the cache key of the customer lookup)
 * @param modelLatencyMillis how long the model call takes
 * @param modelFails whether the model call throws
 * @param replyFailures how many reply attempts fail before one succeeds (3 or more: the retry gives up and the
 *     reply is queued instead)
 * @param replyAttempts attempts made so far, counted by the reply step
 */
public record SupportRequest(String customer, long modelLatencyMillis, boolean modelFails, int replyFailures,
        AtomicInteger replyAttempts) {

    /**
     * A request with no reply attempt made yet.
     *
     * @param customer the customer id
     * @param modelLatencyMillis how long the model call takes
     * @param modelFails whether the model call throws
     * @param replyFailures how many reply attempts fail first
     * @return the request
     */
    public static SupportRequest of(String customer, long modelLatencyMillis, boolean modelFails, int replyFailures) {
        return new SupportRequest(customer, modelLatencyMillis, modelFails, replyFailures, new AtomicInteger());
    }
}
