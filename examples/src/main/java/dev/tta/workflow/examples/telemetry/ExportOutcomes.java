package dev.tta.workflow.examples.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What each configured exporter actually delivered: every span and metric exporter is wrapped to count the items of
 * each export call by its result, so the demo says truthfully where telemetry went ("otlp to ...: FAILED, 0 of 250
 * spans sent (ConnectException: Connection refused)") instead of where it was meant to go.
 *
 * <p>The SDK's exporters log each failed export through {@code java.util.logging} with its whole stack trace, which
 * would land in the middle of the demo's report; while the demo runs those loggers are turned off, since the
 * failure is counted here and reported in one line, with its cause.
 */
final class ExportOutcomes {

    /** The SDK's exporter internals that log failed exports (not the console exporter, whose output is the point). */
    private static final List<String> FAILURE_LOGGERS = List.of("io.opentelemetry.exporter.otlp.internal",
            "io.opentelemetry.exporter.internal", "io.opentelemetry.exporter.sender",
            "io.opentelemetry.exporter.zipkin");

    /** Held, so that java.util.logging keeps the levels set on them. */
    private final List<Logger> silenced = new ArrayList<>();
    private final List<Level> previous = new ArrayList<>();
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    ExportOutcomes() {
        for (String name : FAILURE_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            previous.add(logger.getLevel());
            logger.setLevel(Level.OFF);
            silenced.add(logger);
        }
    }

    /** Gives the loggers back their levels. */
    void restoreLogging() {
        for (int i = 0; i < silenced.size(); i++) {
            silenced.get(i).setLevel(previous.get(i));
        }
    }

    SpanExporter watch(SpanExporter exporter) {
        Outcome outcome = new Outcome("traces", kind(exporter), "spans");
        outcomes.add(outcome);
        return new CountingSpanExporter(exporter, outcome);
    }

    MetricExporter watch(MetricExporter exporter) {
        Outcome outcome = new Outcome("metrics", kind(exporter), "metrics");
        outcomes.add(outcome);
        return new CountingMetricExporter(exporter, outcome);
    }

    /**
     * What became of the exports of one exporter, if it failed any.
     *
     * @param signal {@code traces} or {@code metrics}
     * @param exporter the exporter's name as configured ({@code otlp}, {@code zipkin}, {@code console}...)
     * @return e.g. {@code "FAILED, 0 of 250 spans sent (ConnectException)"}, or empty when nothing failed
     */
    Optional<String> failure(String signal, String exporter) {
        String name = exporter.toLowerCase(Locale.ROOT).equals("logging") ? "console" : exporter.toLowerCase(
                Locale.ROOT);
        return outcomes.stream().filter(outcome -> outcome.signal.equals(signal) && outcome.kind.equals(name))
                .filter(outcome -> outcome.failed.get() > 0).findFirst().map(Outcome::describeFailure);
    }

    /** The configured name an exporter goes by, from its class. */
    private static String kind(Object exporter) {
        String type = exporter.getClass().getSimpleName();
        if (type.startsWith("Otlp")) {
            return "otlp";
        }
        if (type.startsWith("Zipkin")) {
            return "zipkin";
        }
        if (type.startsWith("Logging")) {
            return "console";
        }
        return type;
    }

    /** The SDK's exception around what made an export fail (its nested classes too). */
    private static final String SDK_WRAPPER = "io.opentelemetry.exporter.internal.FailedExportException";

    private static final class Outcome {
        final String signal;
        final String kind;
        final String items;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<String> cause = new AtomicReference<>();

        Outcome(String signal, String kind, String items) {
            this.signal = signal;
            this.kind = kind;
            this.items = items;
        }

        CompletableResultCode record(CompletableResultCode result, int count) {
            result.whenComplete(() -> {
                if (result.isSuccess()) {
                    sent.addAndGet(count);
                } else {
                    failed.addAndGet(count);
                    cause.compareAndSet(null, describe(result.getFailureThrowable()));
                }
            });
            return result;
        }

        String describeFailure() {
            long ok = sent.get();
            String reason = cause.get();
            return "FAILED, " + ok + " of " + (ok + failed.get()) + " " + items + " sent"
                    + (reason == null ? "" : " (" + reason + ")");
        }

        /** What failed, in one line, below the SDK's wrapper: {@code ConnectException: Connection refused}. */
        private static String describe(Throwable failure) {
            if (failure == null) {
                return null;
            }
            Throwable root = failure;
            while (root.getCause() != null && root.getClass().getName().startsWith(SDK_WRAPPER)) {
                root = root.getCause();
            }
            String message = root.getMessage();
            return root.getClass().getSimpleName() + (message == null || message.isBlank() ? ""
                    : ": " + message.lines().findFirst().orElse(""));
        }
    }

    /** What both wrappers share: the outcome they count into, and the delegate's flush, shutdown and name. */
    private abstract static class Counting {
        final Outcome outcome;
        private final Object delegate;
        private final Supplier<CompletableResultCode> flush;
        private final Supplier<CompletableResultCode> shutdown;

        Counting(Object delegate, Supplier<CompletableResultCode> flush, Supplier<CompletableResultCode> shutdown,
                Outcome outcome) {
            this.delegate = delegate;
            this.flush = flush;
            this.shutdown = shutdown;
            this.outcome = outcome;
        }

        public CompletableResultCode flush() {
            return flush.get();
        }

        public CompletableResultCode shutdown() {
            return shutdown.get();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    private static final class CountingSpanExporter extends Counting implements SpanExporter {
        private final SpanExporter delegate;

        CountingSpanExporter(SpanExporter delegate, Outcome outcome) {
            super(delegate, delegate::flush, delegate::shutdown, outcome);
            this.delegate = delegate;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return outcome.record(delegate.export(spans), spans.size());
        }
    }

    private static final class CountingMetricExporter extends Counting implements MetricExporter {
        private final MetricExporter delegate;

        CountingMetricExporter(MetricExporter delegate, Outcome outcome) {
            super(delegate, delegate::flush, delegate::shutdown, outcome);
            this.delegate = delegate;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return delegate.getAggregationTemporality(instrumentType);
        }

        @Override
        public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
            return delegate.getDefaultAggregation(instrumentType);
        }

        @Override
        public MemoryMode getMemoryMode() {
            return delegate.getMemoryMode();
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return outcome.record(delegate.export(metrics), metrics.size());
        }
    }
}
