package dev.tta.workflow.it;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records which thread ran it, under its label. */
@Observed
public class ThreadRecordingStep extends WorkflowPrimitive<String, String> {

    private final String label;
    private final Map<String, Thread> threads;

    /**
     * @param label the key under which the running thread is recorded
     * @param threads where to record it
     */
    public ThreadRecordingStep(String label, Map<String, Thread> threads) {
        this.label = label;
        this.threads = threads;
    }

    /** A map suitable for concurrent recording. */
    static Map<String, Thread> newRecord() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public String execute(String input, WorkflowContext context) {
        threads.put(label, Thread.currentThread());
        return input + ":" + label;
    }
}
