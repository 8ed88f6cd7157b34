package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Catalog.Page}: every call of a traced method runs in its own span, child of the current span,
 * with its latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow
 * annotation processor from {@code @Observed} on {@link Catalog.Page}; do not edit.
 *
 * <p>Its constructors take the enclosing instance first: {@code new InstrumentedCatalog_Page(outer, ...)} stands for
 * {@code outer.new Page(...)}.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
class InstrumentedCatalog_Page<T, S extends T> extends Catalog<T>.Page<S> {
  private static final PrimitiveTelemetry FIRST = PrimitiveTelemetry.forMethod("Page.first",
      Catalog.Page.class, "first", "com/acme/Catalog.java", 21);

  public InstrumentedCatalog_Page(Catalog<T> outer, int size) {
    outer.super(size);
  }

  @Override
  public List<T> first() {
    Invocation invocation = FIRST.begin();
    try {
      return invocation.returned(super.first());
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
