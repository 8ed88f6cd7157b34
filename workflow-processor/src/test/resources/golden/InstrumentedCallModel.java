package com.acme.agent;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import java.time.Duration;
import javax.annotation.processing.Generated;

/**
 * Observed {@link CallModel}: every {@code execute} call runs in its own span, child of the caller's span, with its
 * latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow annotation processor
 * from {@code @Observed} on {@link CallModel}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedCallModel extends CallModel {
  private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("CallModel",
      CallModel.class, "com/acme/agent/CallModel.java", 15,
      ServiceLevelObjective.latency("latency-300ms", 0.99, Duration.ofMillis(300), Duration.ofDays(30)),
      ServiceLevelObjective.latency("fast", 0.9, Duration.ofMillis(100), Duration.ofDays(7)),
      ServiceLevelObjective.availability("availability", 0.999, Duration.ofDays(30)))
      .withValueTypes(String.class, String.class);

  public InstrumentedCallModel() {
    super();
  }

  @Override
  public String name() {
    return TELEMETRY.name();
  }

  @Override
  public String execute(String prompt, WorkflowContext context) {
    Invocation invocation = TELEMETRY.begin(context, prompt);
    try {
      // In a replay, the recorded outcome stands in for running the step.
      if (invocation.substituted()) {
        return invocation.substitution();
      }
      return invocation.returned(super.execute(prompt, invocation.context()));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
