package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.PrimitiveReport;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.cost.CostSummary;
import io.opentelemetry.api.common.Attributes;
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

    PrimitiveStats(String name, String type, WindowSettings window, long nowNanos, PrimitiveSlos slos) {
        this.name = name;
        this.type = type;
        this.attributes = Attributes.of(TelemetryNames.PRIMITIVE_NAME, name, TelemetryNames.PRIMITIVE_TYPE, type);
        this.nameAttributes = Attributes.of(TelemetryNames.PRIMITIVE_NAME, name);
        this.latency = new LatencyRecorder(name, window, nowNanos);
        this.cost = new CostLedger(name);
        this.slos = slos;
        this.peakRing = new int[window.intervals() - 1];
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
    }

    synchronized void rotate(long nowNanos) {
        latency.rotate(nowNanos);
        if (peakRing.length > 0) {
            peakRing[peakNext] = intervalPeak.get();
            peakNext = (peakNext + 1) % peakRing.length;
        }
        // What is still running at the start of an interval is that interval's floor.
        intervalPeak.set(active.get());
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
