package dev.tta.workflow.internal;

/**
 * Who a run is, as the OpenTelemetry contexts of a workflow carry it (under {@link ContextAccess#RUN}): one object per
 * run, made when it starts, so that whatever holds the current context (an observed method, a sampler, a log
 * appender reading the ids when an event is written) finds the workflow's name and ids without a lookup, and no
 * execution allocates for it.
 *
 * @param workflowName the workflow's name
 * @param workflowId the run's workflow id
 * @param correlationId the run's correlation id
 * @param replay the replay session when the run replays a recorded one (an {@code spi.ReplaySession}; typed
 *     {@code Object} so that this package does not depend on the SPI), null for a live run
 */
public record RunIdentity(String workflowName, String workflowId, String correlationId, Object replay) {

    /**
     * The identity of a live run.
     *
     * @param workflowName the workflow's name
     * @param workflowId the run's workflow id
     * @param correlationId the run's correlation id
     */
    public RunIdentity(String workflowName, String workflowId, String correlationId) {
        this(workflowName, workflowId, correlationId, null);
    }
}
