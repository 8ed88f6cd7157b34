package dev.tta.workflow.internal;

/**
 * A run as the contexts of a workflow carry it: who it is, and what all its contexts share. The OpenTelemetry
 * contexts carry it too (under {@link ContextAccess#RUN}). One object per run, made when it starts, so that whatever
 * holds the current context (an observed method, a sampler, a log appender reading the ids when an event is written)
 * finds the workflow's name and ids without a lookup, and neither an execution nor a derived context allocates for
 * what is the same for the whole run.
 *
 * @param workflowName the workflow's name
 * @param workflowId the run's workflow id
 * @param correlationId the run's correlation id
 * @param replay the replay session when the run replays a recorded one (an {@code spi.ReplaySession}; typed
 *     {@code Object} so that this package does not depend on the SPI), null for a live run
 * @param cost the cost of the whole run (this process's part of it)
 * @param scope the telemetry scope the run started in (a test's), null for the process-wide state: resolved once, at
 *     start, so that executions never look it up
 */
public record RunIdentity(String workflowName, String workflowId, String correlationId, Object replay,
        CostLedger cost, TelemetryScope scope) {

    /**
     * The same run under another correlation id: its cost and scope stay shared.
     *
     * @param correlationId the new correlation id
     * @return the renamed identity
     */
    public RunIdentity withCorrelationId(String correlationId) {
        return new RunIdentity(workflowName, workflowId, correlationId, replay, cost, scope);
    }
}
