package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Dispatch}: every {@code execute} call runs in its own span, child of the caller's span, with its
 * latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow annotation processor
 * from {@code @Observed} on {@link Dispatch}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedDispatch extends Dispatch {
  private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("Dispatch",
      Dispatch.class, "com/acme/Dispatch.java", 14)
      .withValueTypes(Dispatch.Invocation.class, String.class);

  public InstrumentedDispatch() {
    super();
  }

  @Override
  public String name() {
    return TELEMETRY.name();
  }

  @Override
  public String execute(Dispatch.Invocation call, WorkflowContext context) throws Exception {
    dev.tta.workflow.spi.Invocation invocation = TELEMETRY.begin(context, call);
    try {
      // In a replay, the recorded outcome stands in for running the step.
      if (invocation.substituted()) {
        return invocation.substitution();
      }
      return invocation.returned(super.execute(call, invocation.context()));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
