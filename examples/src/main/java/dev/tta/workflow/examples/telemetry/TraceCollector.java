package dev.tta.workflow.examples.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A span processor that groups finished spans by trace and hands each trace on once its local root has ended: the
 * span without a parent, or whose parent is in another process. Keeps the most recent traces in memory for the
 * in-process views.
 *
 * <p>A span that ends after its local root (a step a timeout gave up on, still unwinding) is added to its trace in
 * memory and handed on alone. Spans whose local root never ended are handed on at shutdown, grouped by trace.
 *
 * <p>Thread-safe. Listeners run on the thread that ended the span; one that throws is reported through
 * {@code java.util.logging}, as the SDK reports its own exporters, and never reaches the workflow.
 */
public final class TraceCollector implements SpanProcessor {

    private static final Logger LOG = Logger.getLogger(TraceCollector.class.getName());

    private final int maxTraces;
    private final Map<String, List<SpanData>> open = new HashMap<>();
    private final LinkedHashMap<String, List<SpanData>> ended = new LinkedHashMap<>();
    private final List<Consumer<List<SpanData>>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param maxTraces how many ended traces to keep in memory, the oldest dropped first
     * @throws IllegalArgumentException if {@code maxTraces} is below 1
     */
    public TraceCollector(int maxTraces) {
        if (maxTraces < 1) {
            throw new IllegalArgumentException("maxTraces must be at least 1, was " + maxTraces);
        }
        this.maxTraces = maxTraces;
    }

    /**
     * Adds a listener for ended traces.
     *
     * @param listener receives the spans of each trace when its local root ends, in the order they ended
     */
    public void addListener(Consumer<List<SpanData>> listener) {
        listeners.add(listener);
    }

    /**
     * The spans of a trace kept in memory.
     *
     * @param traceId the trace id
     * @return its spans, in the order they ended, or an empty list if it is unknown or was dropped
     */
    public synchronized List<SpanData> trace(String traceId) {
        List<SpanData> spans = ended.get(traceId);
        return spans == null ? List.of() : List.copyOf(spans);
    }

    /**
     * The spans of every trace kept in memory, for views of many runs (a flame graph).
     *
     * @return the spans, trace after trace, oldest first
     */
    public synchronized List<SpanData> spans() {
        List<SpanData> all = new java.util.ArrayList<>();
        ended.values().forEach(all::addAll);
        return all;
    }

    /**
     * The ids of the traces kept in memory.
     *
     * @return oldest first
     */
    public synchronized List<String> traceIds() {
        return List.copyOf(ended.keySet());
    }

    /**
     * The trace that ended last.
     *
     * @return its id, if any trace ended
     */
    public synchronized Optional<String> lastTraceId() {
        String last = null;
        for (String id : ended.keySet()) {
            last = id;
        }
        return Optional.ofNullable(last);
    }

    /**
     * The newest trace kept in memory whose local root matches.
     *
     * @param root the condition on the trace's local root span
     * @return the trace id, if one matches
     */
    public synchronized Optional<String> newestTrace(Predicate<SpanData> root) {
        String found = null;
        for (Map.Entry<String, List<SpanData>> trace : ended.entrySet()) {
            if (trace.getValue().stream().anyMatch(span -> isLocalRoot(span) && root.test(span))) {
                found = trace.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        // Nothing to do before a span ends.
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        SpanData data = span.toSpanData();
        String traceId = data.getTraceId();
        List<SpanData> complete;
        synchronized (this) {
            List<SpanData> known = ended.get(traceId);
            if (known != null) {
                known.add(data);
                complete = List.of(data);
            } else {
                List<SpanData> spans = open.computeIfAbsent(traceId, id -> new ArrayList<>());
                spans.add(data);
                if (!isLocalRoot(data)) {
                    return;
                }
                open.remove(traceId);
                ended.put(traceId, spans);
                dropOldest();
                complete = List.copyOf(spans);
            }
        }
        notifyListeners(complete);
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode shutdown() {
        List<List<SpanData>> unfinished;
        synchronized (this) {
            unfinished = new ArrayList<>(open.values());
            open.clear();
        }
        unfinished.forEach(this::notifyListeners);
        return CompletableResultCode.ofSuccess();
    }

    private static boolean isLocalRoot(SpanData span) {
        return !span.getParentSpanContext().isValid() || span.getParentSpanContext().isRemote();
    }

    private void dropOldest() {
        Iterator<String> oldest = ended.keySet().iterator();
        while (ended.size() > maxTraces) {
            oldest.next();
            oldest.remove();
        }
    }

    private void notifyListeners(List<SpanData> spans) {
        for (Consumer<List<SpanData>> listener : listeners) {
            try {
                listener.accept(spans);
            } catch (RuntimeException failure) {
                LOG.log(Level.WARNING, "a trace listener failed; the workflow carries on", failure);
            }
        }
    }
}
