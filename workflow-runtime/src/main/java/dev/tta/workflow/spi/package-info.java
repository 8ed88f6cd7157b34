/**
 * What generated code, primitive authors and extensions call: the one execution lifecycle.
 *
 * <ul>
 *   <li>{@link dev.tta.workflow.spi.PrimitiveTelemetry} is a primitive's handle (names, attributes, recorders,
 *       computed once); {@link dev.tta.workflow.spi.PrimitiveTelemetry#begin begin} starts an
 *       {@link dev.tta.workflow.spi.Invocation}, the running execution, which generated code and
 *       {@code dev.tta.workflow.CompositePrimitive} end in the same few lines.</li>
 *   <li>Every execution goes through the library's observers (in-flight count, HdrHistogram percentiles, the duration
 *       metric, SLO events, cost roll-up, logs and MDC, each a small class of this package) and through the
 *       {@link dev.tta.workflow.spi.ExecutionObserver}s registered with
 *       {@link dev.tta.workflow.spi.ExecutionObservers}: the seam sampling, anomaly detection and replay plug into.
 *       Observers see an {@link dev.tta.workflow.spi.Execution}, input and output included, by reference.</li>
 *   <li>{@link dev.tta.workflow.spi.PhaseSpan} is a span for a phase inside a primitive (a fallback alternative);
 *       {@link dev.tta.workflow.spi.TelemetryCounter} and {@link dev.tta.workflow.spi.TelemetryGauge} are metric
 *       instruments that follow the OpenTelemetry instance in use; {@link dev.tta.workflow.spi.AttributeValues}
 *       converts parameters into span attribute values.</li>
 * </ul>
 *
 * <p>Nothing here throws because of telemetry: anything telemetry throws short of a {@link VirtualMachineError} is
 * reported through the {@code dev.tta.workflow.telemetry} logger (at most once a minute) and swallowed.
 *
 * <p>Parameters and return values are never null unless their documentation says so.
 */
package dev.tta.workflow.spi;
