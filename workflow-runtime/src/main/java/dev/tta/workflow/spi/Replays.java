package dev.tta.workflow.spi;

import dev.tta.workflow.context.WorkflowContext;
import java.util.Objects;

/** Starts runs that replay recorded ones. */
public final class Replays {

    private Replays() {
    }

    /**
     * The root context of a run that replays a recorded one: like {@link WorkflowContext#start(String)} (a fresh
     * workflow id, a new trace), and every execution that runs with a context derived from it consults
     * {@code session}; its spans carry {@code workflow.replay = true}.
     *
     * @param workflowName the workflow's name
     * @param session what the run's executions consult
     * @return the root context
     * @throws IllegalArgumentException if the name is null or blank
     * @throws NullPointerException if the session is null
     */
    public static WorkflowContext start(String workflowName, ReplaySession session) {
        Objects.requireNonNull(session, "session must not be null");
        return Contexts.ACCESS.startReplay(workflowName, session);
    }
}
