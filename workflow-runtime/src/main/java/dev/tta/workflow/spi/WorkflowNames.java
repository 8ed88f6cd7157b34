package dev.tta.workflow.spi;

import dev.tta.workflow.internal.ContextAccess;
import io.opentelemetry.context.Context;

/**
 * The workflow an OpenTelemetry context belongs to, for samplers and span processors: every context a
 * {@code WorkflowContext} hands to a span builder carries its workflow's name, so a {@code Sampler} reads it from
 * the parent context it is given, before the span exists and without attributes on the builder (which would cost
 * every unsampled root an attribute map).
 */
public final class WorkflowNames {

    private WorkflowNames() {
    }

    /**
     * The workflow of a context.
     *
     * @param context an OpenTelemetry context, such as the parent context a sampler receives
     * @return the workflow's name, or null outside any workflow
     */
    public static String of(Context context) {
        return context == null ? null : ContextAccess.workflowName(context);
    }
}
