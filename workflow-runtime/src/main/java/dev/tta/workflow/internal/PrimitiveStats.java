package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.PrimitiveReport;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.cost.CostSummary;
import dev.tta.workflow.telemetry.AnomalyKind;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-process statistics of one primitive name, shared by every primitive with that name: latency (lifetime and
 * recent window), throughput, concurrency, parallel branch concurrency, cost and service level objectives. Writers
 * touch a few atomics and a striped HdrHistogram recorder; everything else happens when someone reads.
 */
public final class PrimitiveStats {

    private final String name;
    private final String type;
    private final Attributes attributes;
    private final Attributes nameAttributes;
    private final LatencyRecorder latency;
    private final AtomicInteger active = new AtomicInteger();
    /** Peak concurrency of the current window interval; the ring holds the closed intervals' peaks. */
    private final AtomicInteger intervalPeak = new AtomicInteger();
    private final AtomicInteger branchesActive = new AtomicInteger();
    private final AtomicInteger branchesPeak = new AtomicInteger();
    private final CostLedger cost;
    private final PrimitiveSlos slos;
    private int[] peakRing;
    private int peakNext;
    private final IntervalExemplars exemplars = new IntervalExemplars();
    private final IntervalSample sample = new IntervalSample();
    private volatile AnomalyDetector anomalies;

    PrimitiveStats(String name, String type, WindowSettings window, long nowNanos, PrimitiveSlos slos) {
        this.name = name;
        this.type = type;
        this.attributes = Attributes.of(TelemetryNames.PRIMITIVE_NAME, name, TelemetryNames.PRIMITIVE_TYPE, type);
        this.nameAttributes = Attributes.of(TelemetryNames.PRIMITIVE_NAME, name);
        this.latency = new LatencyRecorder(name, window, nowNanos);
        this.cost = new CostLedger();
        this.slos = slos;
        this.peakRing = new int[window.intervals() - 1];
        this.anomalies = new AnomalyDetector(name, AnomalyBoard.settings(), AnomalyBoard.LISTENER);
    }

    /**
     * The primitive name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /** The type of the first primitive registered under this name. */
    String type() {
        return type;
    }

    /** Gauge attributes: name and type. */
    Attributes attributes() {
        return attributes;
    }

    Attributes nameAttributes() {
        return nameAttributes;
    }

    /**
     * The latency recorders.
     *
     * @return the recorder
     */
    public LatencyRecorder latency() {
        return latency;
    }

    /**
     * The cost of every execution so far.
     *
     * @return the ledger
     */
    public CostLedger cost() {
        return cost;
    }

    /**
     * The objectives of this name, now.
     *
     * @return their states, in order of declaration
     */
    public SloState[] sloStates() {
        return slos.states();
    }

    /**
     * The current interval's failure count and exemplar trace ids, for the anomaly detectors.
     *
     * @return the exemplars
     */
    public IntervalExemplars exemplars() {
        return exemplars;
    }

    /** An execution starts: one more in flight. */
    public void started() {
        raise(intervalPeak, active.incrementAndGet());
    }

    /** An execution ends: one fewer in flight. */
    public void finished() {
        active.decrementAndGet();
    }

    /**
     * Records an execution's latency in the HdrHistogram recorders.
     *
     * @param nanos the latency
     */
    public void recordLatency(long nanos) {
        latency.record(nanos);
    }

    /** A branch of this parallel block starts. */
    public void branchStarted() {
        raise(branchesPeak, branchesActive.incrementAndGet());
    }

    /** A branch of this parallel block ended. */
    public void branchEnded() {
        branchesActive.decrementAndGet();
    }

    /** Only writes when the peak actually rises, so the common case is a plain read. */
    private static void raise(AtomicInteger peak, int value) {
        if (value > peak.get()) {
            peak.accumulateAndGet(value, Math::max);
        }
    }

    synchronized void configure(WindowSettings window, long nowNanos) {
        latency.configure(window, nowNanos);
        peakRing = new int[window.intervals() - 1];
        peakNext = 0;
        intervalPeak.set(active.get());
        exemplars.drainTo(sample);
        resetAnomalies();
    }

    synchronized void rotate(long nowNanos) {
        rotate(nowNanos, Instant.now());
    }

    /** Closes the current interval and lets the anomaly detectors judge it. */
    synchronized void rotate(long nowNanos, Instant end) {
        AnomalyDetector detector = anomalies;
        latency.rotate(nowNanos, sample, detector.slowThresholdNanos());
        if (peakRing.length > 0) {
            peakRing[peakNext] = intervalPeak.get();
            peakNext = (peakNext + 1) % peakRing.length;
        }
        // What is still running at the start of an interval is that interval's floor.
        intervalPeak.set(active.get());
        try {
            exemplars.drainTo(sample);
            detector.evaluate(sample, end);
        } catch (Throwable failure) {
            TelemetryErrors.report("judging an interval of '" + name + "' for anomalies", failure);
        }
    }

    /** Starts the anomaly detectors afresh with the current settings; what was open closes. */
    synchronized void resetAnomalies() {
        anomalies.discard();
        anomalies = new AnomalyDetector(name, AnomalyBoard.settings(), AnomalyBoard.LISTENER);
    }

    /** Records 1 or 0 per anomaly kind in the {@code workflow.anomaly.active} gauge. */
    void observeAnomalies(ObservableLongMeasurement measurement) {
        AnomalyDetector detector = anomalies;
        for (AnomalyKind kind : AnomalyKind.values()) {
            measurement.record(detector.active(kind) ? 1 : 0, detector.attributes(kind));
        }
    }

    synchronized PrimitiveReport report(long nowNanos) {
        LatencyRecorder.Window window = latency.window(nowNanos);
        int peak = intervalPeak.get();
        for (int closed : peakRing) {
            peak = Math.max(peak, closed);
        }
        double seconds = window.covered().toNanos() / 1_000_000_000.0;
        double throughput = seconds <= 0 ? 0 : window.latency().count() / seconds;
        CostSummary costs = cost.summary();
        return new PrimitiveReport(name, type, latency.lifetime(), window.latency(), throughput, active.get(), peak,
                branchesActive.get(), branchesPeak.get(), costs, slos.statuses(nowNanos));
    }

    PrimitiveReport report() {
        return report(System.nanoTime());
    }
}
