package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Load}: every {@code execute} call runs in its own span, child of the caller's span, with its
 * latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow annotation processor
 * from {@code @Observed} on {@link Load}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
class InstrumentedLoad extends Load {
  private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("Load", Load.class,
      "com/acme/Load.java", 41)
      .withValueTypes(String.class, String.class);

  InstrumentedLoad() {
    super();
  }

  public InstrumentedLoad(String source) {
    super(source);
  }

  public InstrumentedLoad(String source, int... retries) {
    super(source, retries);
  }

  public InstrumentedLoad(Path path) throws IOException {
    super(path);
  }

  <C extends CharSequence> InstrumentedLoad(C prefix, List<? super C> seen) {
    super(prefix, seen);
  }

  @Override
  public String name() {
    return TELEMETRY.name();
  }

  @Override
  public String execute(String key, WorkflowContext context) throws Exception {
    Invocation invocation = TELEMETRY.begin(context, key);
    try {
      // In a replay, the recorded outcome stands in for running the step.
      if (invocation.substituted()) {
        return invocation.substitution();
      }
      return invocation.returned(super.execute(key, invocation.context()));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
