/**
 * Flame graphs and timelines from workflow traces.
 *
 * <p>Spans come from three places: {@link io.opentelemetry.sdk.trace.data.SpanData} collected in process, Zipkin v2
 * JSON (one trace a line, as the demo's trace file) and OTLP JSON; {@link dev.tta.workflow.ops.flame.SpanReader}
 * turns each into {@link dev.tta.workflow.ops.flame.TraceSpan}s, and {@link dev.tta.workflow.ops.flame.Run#of} groups
 * those into runs (a root span and its descendants).
 *
 * <ul>
 *   <li>{@link dev.tta.workflow.ops.flame.Timeline}: one run as Chrome trace-event JSON (Perfetto, chrome://tracing,
 *       speedscope), one lane per parallel branch, and as a small self-contained HTML view;</li>
 *   <li>{@link dev.tta.workflow.ops.flame.FlameGraph}: many runs aggregated along the primitive path, overlapping
 *       parallel children sharing their parent's time, as folded stacks, speedscope JSON and an offline HTML page,
 *       plus a differential page of slow runs against typical ones;</li>
 *   <li>{@link dev.tta.workflow.ops.flame.TraceViews}: one call writing all of them into a directory.</li>
 * </ul>
 */
package dev.tta.workflow.ops.flame;
