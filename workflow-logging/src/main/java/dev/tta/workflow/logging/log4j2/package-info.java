/**
 * Workflow ids on Log4j 2's log lines without a per-call MDC:
 * {@link dev.tta.workflow.logging.log4j2.WorkflowContextDataProvider} adds {@code trace_id}, {@code span_id},
 * {@code workflow_id} and {@code correlation_id} to each event's context data, read from the current OpenTelemetry
 * context. Found by Log4j through {@code ServiceLoader}: a dependency is all it needs.
 */
package dev.tta.workflow.logging.log4j2;
