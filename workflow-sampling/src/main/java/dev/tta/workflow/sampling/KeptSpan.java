package dev.tta.workflow.sampling;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * An ended span of a kept run as handed downstream: the span itself, seen as sampled, with the trace state given and
 * {@link KeepReason#ATTRIBUTE}. Nothing is copied when it is made; the attribute is added when the downstream
 * processor asks for the span's data (a {@code BatchSpanProcessor} does that on its export thread).
 */
final class KeptSpan implements ReadableSpan {

    private final ReadableSpan span;
    private final SpanContext spanContext;
    private final String reason;

    private KeptSpan(ReadableSpan span, SpanContext spanContext, String reason) {
        this.span = span;
        this.spanContext = spanContext;
        this.reason = reason;
    }

    /** The ended {@code span} as exported for a run kept for {@code reason}, with {@code traceState}. */
    static KeptSpan of(ReadableSpan span, KeepReason reason, TraceState traceState) {
        SpanContext context = span.getSpanContext();
        if (!context.isSampled() || context.getTraceState() != traceState) {
            context = SpanContext.create(context.getTraceId(), context.getSpanId(), TraceFlags.getSampled(),
                    traceState);
        }
        return new KeptSpan(span, context, reason.value());
    }

    @Override
    public SpanContext getSpanContext() {
        return spanContext;
    }

    @Override
    public SpanContext getParentSpanContext() {
        return span.getParentSpanContext();
    }

    @Override
    public String getName() {
        return span.getName();
    }

    @Override
    public SpanData toSpanData() {
        return new Data(span.toSpanData(), spanContext, reason);
    }

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
        return span.getInstrumentationLibraryInfo();
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return span.getInstrumentationScopeInfo();
    }

    @Override
    public boolean hasEnded() {
        return span.hasEnded();
    }

    @Override
    public long getLatencyNanos() {
        return span.getLatencyNanos();
    }

    @Override
    public SpanKind getKind() {
        return span.getKind();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(AttributeKey<T> key) {
        return KeepReason.ATTRIBUTE.equals(key) ? (T) reason : span.getAttribute(key);
    }

    @Override
    public Attributes getAttributes() {
        return span.getAttributes().toBuilder().put(KeepReason.ATTRIBUTE, reason).build();
    }

    @Override
    public String toString() {
        return "KeptSpan{" + reason + " " + span + "}";
    }

    /** The span's data with the exported context and the reason attribute. */
    private static final class Data extends DelegatingSpanData {
        private final SpanContext spanContext;
        private final Attributes attributes;
        private final int totalAttributeCount;

        Data(SpanData data, SpanContext spanContext, String reason) {
            super(data);
            this.spanContext = spanContext;
            this.attributes = data.getAttributes().toBuilder().put(KeepReason.ATTRIBUTE, reason).build();
            this.totalAttributeCount = data.getTotalAttributeCount() + 1;
        }

        @Override
        public SpanContext getSpanContext() {
            return spanContext;
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public int getTotalAttributeCount() {
            return totalAttributeCount;
        }
    }
}
