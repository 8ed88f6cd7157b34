package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.AttributeValues;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Price}: every {@code execute} call, and every call of a traced method, runs in its own span, child of
 * the caller's span, with its latency, outcome and logs recorded by the tta-workflow runtime. Written by the
 * tta-workflow annotation processor from {@code @Observed} on {@link Price}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedPrice extends Price {
  private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("Price",
      Price.class, "com/acme/Price.java", 10)
      .withValueTypes(Order.class, Long.class);

  private static final PrimitiveTelemetry QUOTE = PrimitiveTelemetry.forMethod("Price.quote",
      Price.class, "quote", "com/acme/Price.java", 15);

  private static final AttributeKey<String> ORDER = AttributeKey.stringKey("order");

  private static final AttributeKey<Long> QUANTITY = AttributeKey.longKey("quantity");

  public InstrumentedPrice() {
    super();
  }

  @Override
  public String name() {
    return TELEMETRY.name();
  }

  @Override
  public Long execute(Order order, WorkflowContext context) {
    Invocation invocation = TELEMETRY.begin(context, order);
    if (invocation.span().isRecording()) {
      invocation.attribute(ORDER, AttributeValues.text(order));
    }
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

  @Override
  protected long quote(int quantity) {
    Invocation invocation = QUOTE.begin();
    if (invocation.span().isRecording()) {
      invocation.attribute(QUANTITY, (long) quantity);
    }
    try {
      return invocation.returned(super.quote(quantity));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
