/**
 * Workflow ids on Logback's log lines without a per-call MDC: {@link dev.tta.workflow.logging.logback.WorkflowLogAppender}
 * wraps the appenders that write the lines and adds {@code trace_id}, {@code span_id}, {@code workflow_id} and
 * {@code correlation_id} to each event, read from the current OpenTelemetry context.
 */
package dev.tta.workflow.logging.logback;
