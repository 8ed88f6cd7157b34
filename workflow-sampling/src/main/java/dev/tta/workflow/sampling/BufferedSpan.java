package dev.tta.workflow.sampling;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An ended span held by the tail buffer once the spans it holds by reference have reached their budget: an immutable
 * copy of its data that keeps neither the SDK's span nor its attribute map, so it costs a few hundred bytes against the
 * SDK span's several hundred more. A {@link ReadableSpan} whose {@link #toSpanData()} is itself.
 */
final class BufferedSpan implements ReadableSpan, SpanData {

    /** Fixed part of {@link #bytes()}: this object, its span context and span id string, list slot. */
    static final int FIXED_BYTES = 240;
    /** Per attribute of a compact copy, besides its value: its slot pair. */
    static final int COPY_ATTRIBUTE_BYTES = 8;

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
     * An estimate of the heap this buffered copy retains: {@value #FIXED_BYTES} bytes, plus per attribute a slot pair
     * and what {@link Estimate} counts for its value, events and links.
     */
    long bytes() {
        return new Estimate().of(this, FIXED_BYTES, COPY_ATTRIBUTE_BYTES);
    }

    /**
     * Estimates the heap an ended span retains: a fixed part, plus per attribute its entry and its value (strings
     * counted in full even when shared), plus events and links. Reusable, not thread-safe: it visits attributes
     * without allocating.
     */
    static final class Estimate implements BiConsumer<AttributeKey<?>, Object> {
        private long bytes;
        private long perAttribute;

        /** The estimate for {@code data}: {@code fixed} bytes, {@code perAttribute} bytes per entry and the values. */
        long of(SpanData data, long fixed, long perAttribute) {
            this.perAttribute = perAttribute;
            bytes = fixed + 16;
            data.getAttributes().forEach(this);
            for (EventData event : data.getEvents()) {
                bytes += 64 + event.getName().length();
                event.getAttributes().forEach(this);
            }
            for (LinkData link : data.getLinks()) {
                bytes += 96;
                link.getAttributes().forEach(this);
            }
            return bytes;
        }

        @Override
        public void accept(AttributeKey<?> key, Object value) {
            bytes += perAttribute + valueBytes(value);
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
