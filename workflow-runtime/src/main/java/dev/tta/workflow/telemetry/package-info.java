/**
 * The names telemetry is emitted under ({@link dev.tta.workflow.telemetry.TelemetryNames}: span, metric, attribute,
 * event and MDC names of every primitive) and the values it is read back as
 * ({@link dev.tta.workflow.telemetry.LatencySnapshot}, {@link dev.tta.workflow.telemetry.PrimitiveReport},
 * {@link dev.tta.workflow.telemetry.TelemetryReport}). Values only: {@code dev.tta.workflow.WorkflowTelemetry}
 * produces them.
 *
 * <p>Parameters and return values are never null unless their documentation says so.
 */
package dev.tta.workflow.telemetry;
