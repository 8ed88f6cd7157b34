package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import java.io.IOException;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Observed {@link Importer}: every call of a traced method runs in its own span, child of the current span,
 * with its latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow
 * annotation processor from {@code @Observed} on {@link Importer}; do not edit.
 *
 * <p>Abstract, as {@link Importer} is: extend it where you would have extended {@link Importer}.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public abstract class InstrumentedImporter<R> extends Importer<R> {
  private static final PrimitiveTelemetry IMPORT_ALL = PrimitiveTelemetry.forMethod("Importer.importAll",
      Importer.class, "importAll", "com/acme/Importer.java", 12);

  public InstrumentedImporter() {
    super();
  }

  @Override
  public List<R> importAll(List<String> lines) throws IOException {
    Invocation invocation = IMPORT_ALL.begin();
    try {
      return invocation.returned(super.importAll(lines));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
