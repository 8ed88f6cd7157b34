package dev.tta.workflow.benchmarks;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;

/** A step that returns its input: what a journal costs is then serialising a payload twice, in and out. */
@Observed
public class EchoStep extends WorkflowPrimitive<EchoStep.Payload, EchoStep.Payload> {

    /**
     * What the step is called with and returns.
     *
     * @param id an id
     * @param text the bulk of the payload
     */
    public record Payload(String id, String text) {
    }

    @Override
    public Payload execute(Payload input, WorkflowContext context) {
        return input;
    }
}
