package dev.tta.workflow.examples.agent;

import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.telemetry.Anomaly;
import dev.tta.workflow.telemetry.AnomalyKind;
import dev.tta.workflow.telemetry.AnomalySettings;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The demo's {@code --slowdown=F}: halfway through the run the order service becomes {@code F} times slower, and the
 * runtime's anomaly detectors, judging every closed window interval of every step, open a latency anomaly on
 * {@value #STEP}. The demo's traffic is small, so the scenario judges two-second intervals of at least 5 calls
 * against a baseline of 10 intervals (5 before it judges); the library's defaults are 10-second intervals of at
 * least 30 calls against 60.
 */
final class SlowdownScenario implements AutoCloseable {

    /** The step the slowdown hits. */
    static final String STEP = "FetchOrderHistory";
    /** How many requests a run with a slowdown makes at least: enough intervals for a baseline and a verdict. */
    static final int MIN_REQUESTS = 200;

    private final Backends backends;
    private final double factor;
    private final int from;
    private Instant startedAt;
    private int openedAtRequest = -1;

    private SlowdownScenario(Backends backends, double factor, int requests) {
        this.backends = backends;
        this.factor = factor;
        this.from = requests / 2 + 1;
        WorkflowTelemetry.configureWindow(Duration.ofSeconds(20), 10);
        WorkflowTelemetry.configureAnomalyDetection(AnomalySettings.DEFAULT.withMinSamples(5).withBaseline(10, 5));
    }

    /** A scenario, or null when no slowdown was asked for. */
    static SlowdownScenario of(Backends backends, double factor, int requests) {
        return factor > 1 ? new SlowdownScenario(backends, factor, requests) : null;
    }

    /** Before request {@code i} (from 1): the slowdown starts at the middle of the run. */
    void before(int i) {
        if (i == from) {
            backends.slowDownOrders(factor);
            startedAt = Instant.now();
        }
    }

    /** After request {@code i}: notes when the anomaly opened. */
    void after(int i) {
        if (openedAtRequest < 0 && startedAt != null && WorkflowTelemetry.isAnomalyActive(STEP)) {
            openedAtRequest = i;
        }
    }

    /** What happened: when the slowdown started, when the anomaly opened, and the traces it names. */
    void print(PrintStream out) {
        out.printf(Locale.ROOT, "Slowdown: the order service answered %.1fx slower from request %d on (at %s).%n",
                factor, from, time(startedAt));
        List<Anomaly> anomalies = WorkflowTelemetry.recentAnomalies().stream()
                .filter(a -> a.primitive().equals(STEP) && a.kind() == AnomalyKind.LATENCY
                        && startedAt != null && !a.openedAt().isBefore(startedAt.minusSeconds(2)))
                .toList();
        if (anomalies.isEmpty()) {
            out.println("No latency anomaly opened on " + STEP + " (too few calls per interval to judge?).");
            return;
        }
        Anomaly anomaly = anomalies.get(0);
        out.printf(Locale.ROOT, "Anomaly %s: opened at %s, %.1f s after the slowdown began (after request %d), %s.%n",
                anomaly.active() ? "open" : "closed", time(anomaly.openedAt()),
                Duration.between(startedAt, anomaly.openedAt()).toMillis() / 1000.0, openedAtRequest,
                anomaly.summary());
        out.println("Its first exemplar traces (the slowest calls of the out-of-band intervals), to open in the trace"
                + " file or a trace viewer:");
        anomaly.exemplarTraceIds().stream().limit(5).forEach(id -> out.println("  " + id));
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : LocalTime.ofInstant(instant, ZoneId.systemDefault())
                .truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Puts the library's defaults back. */
    @Override
    public void close() {
        backends.slowDownOrders(1);
        WorkflowTelemetry.configureAnomalyDetection(AnomalySettings.DEFAULT);
        WorkflowTelemetry.configureWindow(Duration.ofSeconds(60), 6);
    }
}
