package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import javax.annotation.processing.Generated;

/**
 * Observed decorator of {@link OrderRepository}: forwards every call to the delegate, and runs each call of a traced
 * method in its own span, child of the current span, with its latency, outcome and logs recorded by the
 * tta-workflow runtime. Written by the tta-workflow annotation processor from {@code @Observed} on
 * {@link OrderRepository}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedOrderRepository implements OrderRepository {
  private static final PrimitiveTelemetry SAVE = PrimitiveTelemetry.forMethod("orders.save",
      OrderRepository.class, "save", "com/acme/OrderRepository.java", 10);

  private static final PrimitiveTelemetry FIND_ALL = PrimitiveTelemetry.forMethod("orders.findAll",
      OrderRepository.class, "findAll", "com/acme/OrderRepository.java", 12);

  private static final PrimitiveTelemetry COUNT = PrimitiveTelemetry.forMethod("orders.count",
      OrderRepository.class, "count", "com/acme/OrderRepository.java", 14);

  private static final PrimitiveTelemetry MAX = PrimitiveTelemetry.forMethod("orders.max",
      OrderRepository.class, "max", "com/acme/OrderRepository.java", 18);

  private static final PrimitiveTelemetry LOAD = PrimitiveTelemetry.forMethod("orders.load",
      OrderRepository.class, "load", "com/acme/Store.java", 6);

  private static final PrimitiveTelemetry CONTAINS = PrimitiveTelemetry.forMethod("orders.contains",
      OrderRepository.class, "contains", "com/acme/Store.java", 8);

  private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("order.id");

  private final OrderRepository delegate;

  public InstrumentedOrderRepository(OrderRepository delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
  }

  @Override
  public void save(String id, Order order) throws IOException {
    Invocation invocation = SAVE.begin();
    if (invocation.span().isRecording()) {
      invocation.attribute(ORDER_ID, id);
    }
    try {
      delegate.save(id, order);
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public CompletionStage<List<Order>> findAll(String... ids) {
    Invocation invocation = FIND_ALL.begin();
    try {
      return invocation.endWhenComplete(delegate.findAll(ids));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public int count(boolean includeCancelled) {
    Invocation invocation = COUNT.begin();
    try {
      return invocation.returned(delegate.count(includeCancelled));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public <T extends Comparable<? super T>> T max(List<? extends T> values) {
    Invocation invocation = MAX.begin();
    try {
      return invocation.returned(delegate.max(values));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public String health() {
    return delegate.health();
  }

  @Override
  public Optional<Order> load(String key) {
    Invocation invocation = LOAD.begin();
    try {
      return invocation.returned(delegate.load(key));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public boolean contains(String key) {
    Invocation invocation = CONTAINS.begin();
    try {
      return invocation.returned(delegate.contains(key));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
