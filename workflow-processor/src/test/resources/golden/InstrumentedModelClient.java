package com.acme;

import dev.tta.workflow.annotations.WorkflowGenerated;
import dev.tta.workflow.spi.AttributeValues;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import javax.annotation.processing.Generated;

/**
 * Observed {@link ModelClient}: every call of a traced method runs in its own span, child of the current span,
 * with its latency, outcome and logs recorded by the tta-workflow runtime. Written by the tta-workflow
 * annotation processor from {@code @Observed} on {@link ModelClient}; do not edit.
 */
@Generated("dev.tta.workflow.processor.ObservedProcessor")
@WorkflowGenerated
public class InstrumentedModelClient extends ModelClient {
  private static final PrimitiveTelemetry CHAT = PrimitiveTelemetry.forMethod("gen_ai.chat",
      ModelClient.class, "chat", "com/acme/ModelClient.java", 11);

  private static final PrimitiveTelemetry COUNT_TOKENS = PrimitiveTelemetry.forMethod("ModelClient.countTokens",
      ModelClient.class, "countTokens", "com/acme/ModelClient.java", 17);

  private static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");

  private static final AttributeKey<Double> GEN_AI_REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");

  private static final AttributeKey<Long> TEXT_LENGTH = AttributeKey.longKey("text.length");

  public InstrumentedModelClient() {
    super();
  }

  @Override
  public String chat(String model, String prompt, double temperature) {
    Invocation invocation = CHAT.begin();
    if (invocation.span().isRecording()) {
      invocation.attribute(GEN_AI_REQUEST_MODEL, model);
      invocation.attribute(GEN_AI_REQUEST_TEMPERATURE, temperature);
    }
    try {
      return invocation.returned(super.chat(model, prompt, temperature));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }

  @Override
  int countTokens(Integer length, char separator) {
    Invocation invocation = COUNT_TOKENS.begin();
    if (invocation.span().isRecording()) {
      invocation.attribute(TEXT_LENGTH, AttributeValues.longValue(length));
    }
    try {
      return invocation.returned(super.countTokens(length, separator));
    } catch (Throwable failure) {
      invocation.fail(failure);
      throw failure;
    } finally {
      invocation.end();
    }
  }
}
