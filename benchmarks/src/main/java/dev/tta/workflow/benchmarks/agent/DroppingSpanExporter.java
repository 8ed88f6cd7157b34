package dev.tta.workflow.benchmarks.agent;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The span exporter of every benchmark SDK, the agent's included: counts each batch and drops it, so that the batch
 * processor in front of it does its whole job and nothing leaves the machine.
 */
public final class DroppingSpanExporter implements SpanExporter {

    private final AtomicLong exported = new AtomicLong();

    /** An exporter that has dropped nothing yet. */
    public DroppingSpanExporter() {
    }

    /**
     * How many spans reached the exporter.
     *
     * @return the count
     */
    public long exported() {
        return exported.get();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        exported.addAndGet(spans.size());
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
