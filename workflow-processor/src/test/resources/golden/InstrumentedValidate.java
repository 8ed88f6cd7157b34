package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Validate}: every {@code execute} call runs in its own span, child of the caller's span, with its
 * latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow annotation processor
 * from {@code @Observed} on {@link Validate}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedValidate extends Validate {
  private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("Validate",
      Validate.class, "com/acme/Validate.java", 16)
      .withValueTypes(Order.class, Order.class);

  public InstrumentedValidate(String rules) {
    super(rules);
  }

  @Override
  public String name() {
    return TELEMETRY.name();
  }

  @Override
  public Order execute(Order order, WorkflowContext context) throws Exception {
    Invocation invocation = TELEMETRY.begin(context, order);
    try {
      // In a replay, the recorded outcome stands in for running the step.
      if (invocation.substituted()) {
        return invocation.substitution();
      }
      return invocation.returned(super.execute(order, invocation.context()));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
