package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.spi.AttributeValues;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Tools}: every call of a traced method runs in its own span, child of the current span,
 * with its latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow
 * annotation processor from {@code @Observed} on {@link Tools}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
class InstrumentedTools<E extends Exception> extends Tools<E> {
  private static final PrimitiveTelemetry MAX = PrimitiveTelemetry.forMethod("Tools.max",
      Tools.class, "max", "com/acme/Tools.java", 10);

  private static final PrimitiveTelemetry GRID = PrimitiveTelemetry.forMethod("Tools.grid",
      Tools.class, "grid", "com/acme/Tools.java", 14);

  private static final PrimitiveTelemetry ALL = PrimitiveTelemetry.forMethod("Tools.all",
      Tools.class, "all", "com/acme/Tools.java", 19);

  private static final PrimitiveTelemetry ADD_ALL = PrimitiveTelemetry.forMethod("Tools.addAll",
      Tools.class, "addAll", "com/acme/Tools.java", 23);

  private static final PrimitiveTelemetry EDGE = PrimitiveTelemetry.forMethod("Tools.edge",
      Tools.class, "edge", "com/acme/Tools.java", 26);

  private static final PrimitiveTelemetry RUN = PrimitiveTelemetry.forMethod("Tools.run",
      Tools.class, "run", "com/acme/Tools.java", 30);

  private static final AttributeKey<String> ITEMS = AttributeKey.stringKey("items");

  InstrumentedTools() {
    super();
  }

  @Override
  public <T extends Comparable<T>> @Nullable T max(List<? extends T> values) {
    Invocation invocation = MAX.begin();
    try {
      return invocation.returned(super.max(values));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public int[][] grid(int @Nullable [] row, String... labels) throws E {
    Invocation invocation = GRID.begin();
    try {
      return invocation.returned(super.grid(row, labels));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> List<T> all(T... items) {
    Invocation invocation = ALL.begin();
    if (invocation.span().isRecording()) {
      invocation.attribute(ITEMS, AttributeValues.text(items));
    }
    try {
      return invocation.returned(super.all(items));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public void addAll(Collection<? super @Nullable String> target, Map<String, ? extends Number> m) {
    Invocation invocation = ADD_ALL.begin();
    try {
      super.addAll(target, m);
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public Graph<String>.Edge edge(Graph<String>.Edge edge) {
    Invocation invocation = EDGE.begin();
    try {
      return invocation.returned(super.edge(edge));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  public <X extends Exception & Runnable> void run(X task) throws X {
    Invocation invocation = RUN.begin();
    try {
      super.run(task);
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
