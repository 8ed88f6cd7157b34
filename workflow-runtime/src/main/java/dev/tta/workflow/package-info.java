/**
 * tta-workflow's user API: the {@link dev.tta.workflow.WorkflowPrimitive} you extend for your steps, the
 * {@link dev.tta.workflow.Workflows} factory and the ten built-in primitives it builds (sequence, parallel,
 * conditional, router, retry, fallback, timeout, saga, cache, circuit breaker), {@link dev.tta.workflow.Backoff}, their
 * exceptions, and {@link dev.tta.workflow.WorkflowTelemetry}, which chooses the OpenTelemetry instance and answers
 * the in-process views (percentiles, SLO status, the report).
 *
 * <p>The packages below follow their audiences, each depending only on those after it in this list:
 * <ul>
 *   <li>{@code dev.tta.workflow}: composing and running workflows (this package);</li>
 *   <li>{@link dev.tta.workflow.spi}: what generated {@code Instrumented*} classes, authors of primitives and
 *       extensions (sampling, replay) call: the execution lifecycle and its observers;</li>
 *   <li>{@link dev.tta.workflow.context}: the context every execution receives;</li>
 *   <li>{@link dev.tta.workflow.internal}: the runtime's own machinery, not API;</li>
 *   <li>{@link dev.tta.workflow.telemetry}, {@link dev.tta.workflow.cost}, {@link dev.tta.workflow.slo}: the names
 *       and values telemetry is read in.</li>
 * </ul>
 *
 * <p>Parameters and return values are never null unless their documentation says so.
 */
package dev.tta.workflow;
