package dev.tta.workflow.it;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;

/** A step that takes at least a known time: sleeping guarantees a lower bound, whatever the machine's load. */
abstract class Pause extends WorkflowPrimitive<String, String> {

    private final long millis;

    Pause(long millis) {
        this.millis = millis;
    }

    @Override
    public String execute(String input, WorkflowContext context) throws InterruptedException {
        Thread.sleep(millis);
        return input;
    }
}
