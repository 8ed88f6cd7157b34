package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import java.time.Duration;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Inventory}: every call of a traced method runs in its own span, child of the current span,
 * with its latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow
 * annotation processor from {@code @Observed} on {@link Inventory}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedInventory extends Inventory {
  private static final PrimitiveTelemetry STOCK = PrimitiveTelemetry.forMethod("Inventory.stock",
      Inventory.class, "stock", "com/acme/Inventory.java", 10,
      ServiceLevelObjective.availability("availability", 0.995, Duration.ofDays(30)));

  private static final PrimitiveTelemetry RESERVE = PrimitiveTelemetry.forMethod("Inventory.reserve",
      Inventory.class, "reserve", "com/acme/Inventory.java", 16,
      ServiceLevelObjective.availability("availability", 0.9, Duration.ofDays(30)),
      ServiceLevelObjective.latency("latency-1500ms", 0.95, Duration.ofMillis(1500), Duration.ofDays(28)));

  public InstrumentedInventory() {
    super();
  }

  @Override
  public int stock(String sku) {
    Invocation invocation = STOCK.begin();
    try {
      return invocation.returned(super.stock(sku));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public void reserve(String sku, int quantity) {
    Invocation invocation = RESERVE.begin();
    try {
      super.reserve(sku, quantity);
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
