package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import dev.tta.workflow.spi.ValueTypes;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Lookup}: every {@code execute} call runs in its own span, child of the caller's span, with its
 * latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow annotation processor
 * from {@code @Observed} on {@link Lookup}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedLookup<V extends @Nullable Object> extends Lookup<V> {
  private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("Lookup",
      Lookup.class, "com/acme/Lookup.java", 19)
      .withValueTypes(String.class, ValueTypes.of(List.class, Object.class));

  public InstrumentedLookup(Map<String, List<@Nullable V>> table,
      @Nullable String @Nullable [] aliases) {
    super(table, aliases);
  }

  @Override
  public String name() {
    return TELEMETRY.name();
  }

  @Override
  public @Nullable List<@Nullable V> execute(@Nullable String key, WorkflowContext context) {
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
