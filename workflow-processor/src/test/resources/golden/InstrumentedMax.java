package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import dev.tta.workflow.spi.ValueTypes;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Max}: every {@code execute} call runs in its own span, child of the caller's span, with its
 * latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow annotation processor
 * from {@code @Observed} on {@link Max}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedMax<T extends Comparable<T>> extends Max<T> {
  private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("Max", Max.class,
      "com/acme/Max.java", 12)
      .withValueTypes(ValueTypes.of(List.class, Comparable.class), Comparable.class);

  public InstrumentedMax() {
    super();
  }

  @Override
  public String name() {
    return TELEMETRY.name();
  }

  @Override
  public T execute(List<T> values, WorkflowContext context) {
    Invocation invocation = TELEMETRY.begin(context, values);
    try {
      // In a replay, the recorded outcome stands in for running the step.
      if (invocation.substituted()) {
        return invocation.substitution();
      }
      return invocation.returned(super.execute(values, invocation.context()));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
