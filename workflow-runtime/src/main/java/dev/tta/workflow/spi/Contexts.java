package dev.tta.workflow.spi;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.internal.ContextAccess;
import java.lang.invoke.MethodHandles;

/** The runtime's access to workflow contexts, resolved once the context class has installed it. */
final class Contexts {

    static final ContextAccess<WorkflowContext> ACCESS = resolve();

    private Contexts() {
    }

    private static ContextAccess<WorkflowContext> resolve() {
        try {
            // WorkflowContext installs the access from its static initialiser: make sure it has run.
            MethodHandles.lookup().ensureInitialized(WorkflowContext.class);
        } catch (IllegalAccessException impossible) {
            throw new IllegalStateException("WorkflowContext is public", impossible);
        }
        return ContextAccess.get();
    }
}
