package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Upper}: every {@code execute} call runs in its own span, child of the caller's span, with its
 * latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow annotation processor
 * from {@code @Observed} on {@link Upper}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedUpper extends Upper {
  private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("upper-case",
      Upper.class, "com/acme/Upper.java", 12)
      .withValueTypes(String.class, String.class);

  public InstrumentedUpper() {
    super();
  }

  @Override
  public String name() {
    return TELEMETRY.name();
  }

  @Override
  public String execute(String invocation, WorkflowContext context) {
    Invocation invocation1 = TELEMETRY.begin(context, invocation);
    try {
      // In a replay, the recorded outcome stands in for running the step.
      if (invocation1.substituted()) {
        return invocation1.substitution();
      }
      return invocation1.returned(super.execute(invocation, invocation1.context()));
    } catch (Throwable failure) {
      invocation1.fail(failure);
      throw failure;
    } finally {
      invocation1.end();
    }
  }
}
