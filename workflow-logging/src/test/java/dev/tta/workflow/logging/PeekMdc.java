package dev.tta.workflow.logging;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;
import java.util.Map;
import org.slf4j.MDC;

/** A step that returns the MDC it runs with. */
@Observed
public class PeekMdc extends WorkflowPrimitive<String, Map<String, String>> {

    @Override
    public Map<String, String> execute(String input, WorkflowContext context) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        return mdc == null ? Map.of() : mdc;
    }
}
