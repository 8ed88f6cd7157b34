/**
 * Sampling for high-volume workflows, on the OpenTelemetry SDK: {@link dev.tta.workflow.sampling.WorkflowSampler}
 * (consistent probability head sampling with per-workflow rules and adaptive rates, parent-based),
 * {@link dev.tta.workflow.sampling.TailSamplingSpanProcessor} (in-process tail sampling that keeps failed, retried,
 * fallen-back, SLO-breaking and slow runs whole), and their wiring for the SDK's autoconfigure module
 * ({@code OTEL_TRACES_SAMPLER=tta_workflow}).
 */
package dev.tta.workflow.sampling;
