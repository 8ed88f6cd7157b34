package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Checkout.Pay}: every {@code execute} call runs in its own span, child of the caller's span, with its
 * latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow annotation processor
 * from {@code @Observed} on {@link Checkout.Pay}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedCheckout_Pay extends Checkout.Pay {
  private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("Pay",
      Checkout.Pay.class, "com/acme/Checkout.java", 11)
      .withValueTypes(Order.class, String.class);

  public InstrumentedCheckout_Pay() {
    super();
  }

  @Override
  public String name() {
    return TELEMETRY.name();
  }

  @Override
  public String execute(Order order, WorkflowContext context) throws Exception {
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
