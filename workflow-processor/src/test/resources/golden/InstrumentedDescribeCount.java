package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import java.io.IOException;
import javax.annotation.processing.Generated;

/**
 * Observed {@link DescribeCount}: every {@code execute} call runs in its own span, child of the caller's span, with its
 * latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow annotation processor
 * from {@code @Observed} on {@link DescribeCount}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedDescribeCount extends DescribeCount {
  private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("DescribeCount",
      DescribeCount.class, "com/acme/Describe.java", 9)
      .withValueTypes(Integer.class, String.class);

  public InstrumentedDescribeCount() {
    super();
  }

  @Override
  public String name() {
    return TELEMETRY.name();
  }

  @Override
  public String execute(Integer subject, WorkflowContext context) throws IOException {
    Invocation invocation = TELEMETRY.begin(context, subject);
    try {
      // In a replay, the recorded outcome stands in for running the step.
      if (invocation.substituted()) {
        return invocation.substitution();
      }
      return invocation.returned(super.execute(subject, invocation.context()));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
