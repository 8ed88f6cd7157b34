package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.spi.AttributeValues;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.annotation.processing.Generated;

/**
 * Observed {@link OrderService}: every call of a traced method runs in its own span, child of the current span,
 * with its latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow
 * annotation processor from {@code @Observed} on {@link OrderService}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedOrderService extends OrderService {
  private static final PrimitiveTelemetry PLACE = PrimitiveTelemetry.forMethod("OrderService.place",
      OrderService.class, "place", "com/acme/OrderService.java", 17);

  private static final PrimitiveTelemetry CANCEL = PrimitiveTelemetry.forMethod("OrderService.cancel",
      OrderService.class, "cancel", "com/acme/OrderService.java", 24);

  private static final PrimitiveTelemetry CONFIRM_ASYNC = PrimitiveTelemetry.forMethod("OrderService.confirmAsync",
      OrderService.class, "confirmAsync", "com/acme/OrderService.java", 27);

  private static final PrimitiveTelemetry FIND = PrimitiveTelemetry.forMethod("orders.lookup",
      OrderService.class, "find", "com/acme/OrderService.java", 32);

  private static final PrimitiveTelemetry FIND_2 = PrimitiveTelemetry.forMethod("OrderService.find",
      OrderService.class, "find", "com/acme/OrderService.java", 36);

  private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("order.id");

  private static final AttributeKey<Long> QUANTITY = AttributeKey.longKey("quantity");

  private static final AttributeKey<List<Long>> ORDER_SIZES = AttributeKey.longArrayKey("order.sizes");

  private static final AttributeKey<List<Long>> ORDER_LINES = AttributeKey.longArrayKey("order.lines");

  private static final AttributeKey<String> ORDER = AttributeKey.stringKey("order");

  public InstrumentedOrderService(String region) {
    super(region);
  }

  @Override
  public String place(String orderId, int quantity, long[] sizes, List<Integer> lines, Order order)
      throws IOException {
    Invocation invocation = PLACE.begin();
    if (invocation.span().isRecording()) {
      invocation.attribute(ORDER_ID, orderId);
      invocation.attribute(QUANTITY, (long) quantity);
      invocation.attribute(ORDER_SIZES, AttributeValues.longs(sizes));
      invocation.attribute(ORDER_LINES, AttributeValues.longs(lines));
      invocation.attribute(ORDER, AttributeValues.text(order));
    }
    try {
      return invocation.returned(super.place(orderId, quantity, sizes, lines, order));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public void cancel(String orderId) {
    Invocation invocation = CANCEL.begin();
    try {
      super.cancel(orderId);
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public CompletableFuture<String> confirmAsync(String orderId) {
    Invocation invocation = CONFIRM_ASYNC.begin();
    if (invocation.span().isRecording()) {
      invocation.attribute(ORDER_ID, orderId);
    }
    try {
      return invocation.endWhenComplete(super.confirmAsync(orderId));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  protected Order find(String id) {
    Invocation invocation = FIND.begin();
    try {
      return invocation.returned(super.find(id));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  protected Order find(String id, int quantity) {
    Invocation invocation = FIND_2.begin();
    try {
      return invocation.returned(super.find(id, quantity));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
