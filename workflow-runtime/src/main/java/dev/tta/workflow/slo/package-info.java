/**
 * Service level objectives of workflow primitives: the {@link dev.tta.workflow.slo.ServiceLevelObjective} itself,
 * the {@link dev.tta.workflow.slo.SloTracker} that counts its good and bad events in time buckets, and the
 * {@link dev.tta.workflow.slo.SloStatus} snapshot (error budget left, burn rates).
 *
 * <p>Objectives are usually declared with {@code @LatencySlo} and {@code @AvailabilitySlo} next to {@code @Observed};
 * the telemetry runtime then tracks them per primitive name, exports them as the {@code workflow.slo.*} metrics and
 * answers {@code WorkflowTelemetry.sloStatuses()}.
 */
package dev.tta.workflow.slo;
