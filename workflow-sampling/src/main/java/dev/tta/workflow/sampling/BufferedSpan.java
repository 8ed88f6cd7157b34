package dev.tta.workflow.sampling;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;

/**
 * An ended span held by the tail buffer: an immutable copy of its data that keeps neither the SDK's span nor its
 * mutable attribute map, so a buffered span costs a few hundred bytes. Also what is handed downstream when its run
 * is kept: a {@link ReadableSpan} whose {@link #toSpanData()} is itself.
 */
final class BufferedSpan implements ReadableSpan, SpanData {

    /** Fixed part of {@link #bytes()}: this object, its span context and span id string, list slot. */
    static final int FIXED_BYTES = 240;

    private final SpanContext spanContext;
    private final SpanContext parentSpanContext;
    private final String name;
    private final SpanKind kind;
    private final StatusData status;
    private final long startEpochNanos;
    private final long endEpochNanos;
    private final Attributes attributes;
    private final List<EventData> events;
    private final List<LinkData> links;
    private final int totalRecordedEvents;
    private final int totalRecordedLinks;
    private final int totalAttributeCount;
    private final Resource resource;
    private final InstrumentationScopeInfo scope;

    private BufferedSpan(SpanData data, SpanContext spanContext, Attributes attributes, int totalAttributeCount) {
        this.spanContext = spanContext;
        this.parentSpanContext = data.getParentSpanContext();
        this.name = data.getName();
        this.kind = data.getKind();
        this.status = data.getStatus();
        this.startEpochNanos = data.getStartEpochNanos();
        this.endEpochNanos = data.getEndEpochNanos();
        this.attributes = attributes;
        this.events = data.getEvents();
        this.links = data.getLinks();
        this.totalRecordedEvents = data.getTotalRecordedEvents();
        this.totalRecordedLinks = data.getTotalRecordedLinks();
        this.totalAttributeCount = totalAttributeCount;
        this.resource = data.getResource();
        this.scope = data.getInstrumentationScopeInfo();
    }

    static BufferedSpan of(SpanData data) {
        // An ended SDK span hands out its own attribute map (a HashMap); a compact copy is half the size or less.
        Attributes compact = Attributes.builder().putAll(data.getAttributes()).build();
        return new BufferedSpan(data, data.getSpanContext(), compact, data.getTotalAttributeCount());
    }

    /**
     * This span as exported for a kept run: sampled, with {@code workflow.sampling.reason}, and the trace state
     * given.
     */
    BufferedSpan exported(String reason, TraceState traceState) {
        SpanContext exported = SpanContext.create(spanContext.getTraceId(), spanContext.getSpanId(),
                TraceFlags.getSampled(), traceState);
        return new BufferedSpan(this, exported,
                attributes.toBuilder().put(KeepReason.ATTRIBUTE, reason).build(), totalAttributeCount + 1);
    }

    /**
     * An estimate of the heap this buffered copy retains: {@value #FIXED_BYTES} bytes, plus per attribute a slot pair
     * and its value (strings counted in full even when shared), plus events and links.
     */
    long bytes() {
        long bytes = FIXED_BYTES;
        bytes += attributesBytes(attributes);
        for (EventData event : events) {
            bytes += 64 + event.getName().length() + attributesBytes(event.getAttributes());
        }
        for (LinkData link : links) {
            bytes += 96 + attributesBytes(link.getAttributes());
        }
        return bytes;
    }

    private static long attributesBytes(Attributes attributes) {
        long[] bytes = {16};
        attributes.forEach((key, value) -> bytes[0] += 8 + valueBytes(value));
        return bytes[0];
    }

    private static long valueBytes(Object value) {
        if (value instanceof String text) {
            return 40 + text.length();
        }
        if (value instanceof List<?> list) {
            long sum = 24;
            for (Object element : list) {
                sum += 4 + valueBytes(element);
            }
            return sum;
        }
        return 16;
    }

    @Override
    public SpanContext getSpanContext() {
        return spanContext;
    }

    @Override
    public SpanContext getParentSpanContext() {
        return parentSpanContext;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public SpanData toSpanData() {
        return this;
    }

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
        return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion(), scope.getSchemaUrl());
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return scope;
    }

    @Override
    public boolean hasEnded() {
        return true;
    }

    @Override
    public long getLatencyNanos() {
        return endEpochNanos - startEpochNanos;
    }

    @Override
    public SpanKind getKind() {
        return kind;
    }

    @Override
    public <T> T getAttribute(AttributeKey<T> key) {
        return attributes.get(key);
    }

    @Override
    public StatusData getStatus() {
        return status;
    }

    @Override
    public long getStartEpochNanos() {
        return startEpochNanos;
    }

    @Override
    public Attributes getAttributes() {
        return attributes;
    }

    @Override
    public List<EventData> getEvents() {
        return events;
    }

    @Override
    public List<LinkData> getLinks() {
        return links;
    }

    @Override
    public long getEndEpochNanos() {
        return endEpochNanos;
    }

    @Override
    public int getTotalRecordedEvents() {
        return totalRecordedEvents;
    }

    @Override
    public int getTotalRecordedLinks() {
        return totalRecordedLinks;
    }

    @Override
    public int getTotalAttributeCount() {
        return totalAttributeCount;
    }

    @Override
    public Resource getResource() {
        return resource;
    }

    @Override
    public String toString() {
        return "BufferedSpan{" + name + " " + spanContext + "}";
    }
}
