/**
 * The {@link dev.tta.workflow.context.WorkflowContext} every execution receives: the run's OpenTelemetry context,
 * workflow and correlation ids, metadata, deadline and cost; W3C propagation across processes; and
 * {@link dev.tta.workflow.context.WorkflowContext#wrap(Runnable)}, which carries a run to other threads.
 *
 * <p>Parameters and return values are never null unless their documentation says so.
 */
package dev.tta.workflow.context;
