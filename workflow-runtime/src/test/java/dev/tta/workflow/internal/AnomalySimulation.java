package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.Anomaly;
import dev.tta.workflow.telemetry.AnomalyKind;
import dev.tta.workflow.telemetry.AnomalySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * A seeded simulation of one primitive on a controllable clock: bursty traffic, log-normal latencies with 1 %
 * outliers, independent failures, fed interval by interval through the detectors' own histogram and code. No
 * sleeping: a simulated day of 8,640 ten-second intervals takes well under a second.
 *
 * <p>{@link #main} prints the detection-delay and false-alarm table of the README.
 */
final class AnomalySimulation {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final int INTERVALS_PER_DAY = 8_640;
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** How traffic arrives: calls per interval in three states of a Markov chain (normal, burst, lull). */
    record Traffic(String name, double normal, double burst, double lull) {
        static final Traffic BURSTY = new Traffic("bursty: 300 calls per interval, bursts of 900, lulls of 100",
                300, 900, 100);
        static final Traffic STEADY = new Traffic("steady: 300 calls per interval", 300, 300, 300);
        static final Traffic QUIET = new Traffic("quiet: 60 calls per interval, bursts of 180, lulls of 20", 60, 180,
                20);
    }

    /** What changes at the injection point. */
    record Change(String name, double latencyFactor, double tailShare, double failureRate) {
        static final Change NONE = new Change("none", 1, 0, 0.01);
        static final Change SLOWER_2X = new Change("every call 2x slower (p95 2x)", 2, 0, 0.01);
        static final Change TAIL_2X = new Change("10% of calls 4x slower (p95 ~2x)", 4, 0.10, 0.01);
        static final Change SLOWER_1_5X = new Change("every call 1.5x slower (p95 1.5x)", 1.5, 0, 0.01);
        static final Change ERRORS_5 = new Change("error rate 1% -> 5%", 1, 0, 0.05);
        static final Change ERRORS_3 = new Change("error rate 1% -> 3%", 1, 0, 0.03);
    }

    private final SplittableRandom random;
    private final Traffic traffic;
    private final IntervalSample sample = new IntervalSample();
    private final Histogram histogram = LatencyRecorder.coarseHistogram();
    private final List<Anomaly> opened = new ArrayList<>();
    private final AnomalyDetector detector;
    private int state;
    private long interval;

    AnomalySimulation(long seed, Traffic traffic, AnomalySettings settings) {
        this.random = new SplittableRandom(seed);
        this.traffic = traffic;
        this.detector = new AnomalyDetector("Simulated", settings, new AnomalyDetector.Listener() {
            @Override
            public void opened(Anomaly anomaly) {
                opened.add(anomaly);
            }

            @Override
            public void updated(Anomaly anomaly) {
            }

            @Override
            public void closed(Anomaly anomaly) {
            }
        });
    }

    /** Runs one interval under a change and returns the anomalies it opened. */
    List<Anomaly> step(Change change) {
        int before = opened.size();
        fill(change);
        detector.evaluate(sample, START.plus(INTERVAL.multipliedBy(++interval)));
        return opened.subList(before, opened.size());
    }

    /** Draws the interval's calls into the sample, as the latency recorder and exemplar observer would. */
    IntervalSample fill(Change change) {
        double u = random.nextDouble();
        if (u < 0.08) {
            state = state == 0 ? (u < 0.05 ? 1 : 2) : 0;
        }
        double rate = state == 0 ? traffic.normal() : state == 1 ? traffic.burst() : traffic.lull();
        long n = poisson(rate);
        histogram.reset();
        long failures = 0;
        for (long i = 0; i < n; i++) {
            // Log-normal: median 80 ms, sigma 0.5; 1 % outliers ten times slower.
            double seconds = 0.080 * Math.exp(0.5 * gaussian());
            if (random.nextDouble() < 0.01) {
                seconds *= 10;
            }
            if (change.tailShare() == 0 || random.nextDouble() < change.tailShare()) {
                seconds *= change.latencyFactor();
            }
            histogram.recordValue((long) (seconds * 1e9));
            if (random.nextDouble() < change.failureRate()) {
                failures++;
            }
        }
        LatencyRecorder.summarise(histogram, detector.slowThresholdNanos(), sample);
        sample.failures = failures;
        sample.slowCount = (int) Math.min(n, IntervalExemplars.SLOWEST);
        for (int i = 0; i < sample.slowCount; i++) {
            sample.slowTraces[i] = String.format(Locale.ROOT, "%032x", interval * 16 + i);
            sample.slowWorkflows[i] = "simulated";
        }
        sample.failedCount = (int) Math.min(failures, IntervalExemplars.FAILED);
        for (int i = 0; i < sample.failedCount; i++) {
            sample.failedTraces[i] = String.format(Locale.ROOT, "%032x", interval * 16 + 8 + i);
            sample.failedWorkflows[i] = "simulated";
        }
        return sample;
    }

    AnomalyDetector detector() {
        return detector;
    }

    private long poisson(double mean) {
        if (mean < 30) {
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            long k = 0;
            while (product > limit) {
                product *= random.nextDouble();
                k++;
            }
            return k;
        }
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
    }

    private double gaussian() {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** False anomalies of each kind over whole simulated days of stationary traffic. */
    static long[] falseAlarms(long seed, Traffic traffic, AnomalySettings settings, int days) {
        AnomalySimulation simulation = new AnomalySimulation(seed, traffic, settings);
        long[] counts = new long[AnomalyKind.values().length];
        for (int i = 0; i < days * INTERVALS_PER_DAY; i++) {
            for (Anomaly anomaly : simulation.step(Change.NONE)) {
                counts[anomaly.kind().ordinal()]++;
            }
        }
        return counts;
    }

    /**
     * Intervals from a change to the anomaly of the expected kind opening (1 = at the end of the first changed
     * interval), after an hour of stationary warm-up; {@code limit + 1} if it did not open within {@code limit}.
     */
    static int delay(long seed, Traffic traffic, AnomalySettings settings, Change change, AnomalyKind kind,
            int limit) {
        AnomalySimulation simulation = new AnomalySimulation(seed, traffic, settings);
        for (int i = 0; i < 360; i++) {
            simulation.step(Change.NONE);
        }
        for (int i = 1; i <= limit; i++) {
            for (Anomaly anomaly : simulation.step(change)) {
                if (anomaly.kind() == kind) {
                    return i;
                }
            }
        }
        return limit + 1;
    }

    /** One row of the delay table over many seeds. */
    record DelayRow(Traffic traffic, Change change, int runs, int within3, double mean, int max) {
    }

    static DelayRow delays(Traffic traffic, Change change, AnomalyKind kind, int runs, AnomalySettings settings) {
        int within = 0;
        int max = 0;
        long sum = 0;
        for (int seed = 1; seed <= runs; seed++) {
            int delay = delay(seed, traffic, settings, change, kind, 30);
            within += delay <= 3 ? 1 : 0;
            max = Math.max(max, delay);
            sum += delay;
        }
        return new DelayRow(traffic, change, runs, within, sum / (double) runs, max);
    }

    /**
     * Nanoseconds per judged interval of the detectors alone (both kinds, a full baseline), in a plain loop: in band,
     * or with every interval out of band (both statistics in alarm, an open anomaly updated every interval).
     */
    static double detectorNanos(int intervals, boolean outOfBand) {
        AnomalySimulation simulation = new AnomalySimulation(7, Traffic.BURSTY, AnomalySettings.DEFAULT);
        for (int i = 0; i < 60; i++) {
            simulation.step(Change.NONE);
        }
        IntervalSample[] samples = new IntervalSample[64];
        for (int i = 0; i < samples.length; i++) {
            IntervalSample drawn = simulation.fill(outOfBand ? Change.SLOWER_2X : Change.NONE);
            IntervalSample copy = new IntervalSample();
            copy.count = Math.max(drawn.count, 100);
            copy.failures = outOfBand ? copy.count / 5 : drawn.failures;
            copy.p95Nanos = drawn.p95Nanos;
            copy.p99Nanos = drawn.p99Nanos;
            copy.slowThresholdNanos = drawn.slowThresholdNanos;
            copy.slowerCount = Math.min(drawn.slowerCount, copy.count);
            System.arraycopy(drawn.slowTraces, 0, copy.slowTraces, 0, drawn.slowCount);
            copy.slowCount = drawn.slowCount;
            samples[i] = copy;
        }
        AnomalyDetector detector = simulation.detector();
        Instant end = START;
        for (int i = 0; i < 20_000; i++) {
            detector.evaluate(samples[i & 63], end);
        }
        long start = System.nanoTime();
        for (int i = 0; i < intervals; i++) {
            detector.evaluate(samples[i & 63], end);
        }
        return (System.nanoTime() - start) / (double) intervals;
    }

    /** Nanoseconds to read count, p95 and p99 of a closed interval from the detectors' histogram. */
    static double percentileNanos(int repetitions) {
        AnomalySimulation simulation = new AnomalySimulation(7, Traffic.BURSTY, AnomalySettings.DEFAULT);
        simulation.fill(Change.NONE);
        Histogram histogram = simulation.histogram;
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += histogram.getValueAtPercentile(95) + histogram.getValueAtPercentile(99);
        }
        long start = System.nanoTime();
        IntervalSample sample = new IntervalSample();
        for (int i = 0; i < repetitions; i++) {
            LatencyRecorder.summarise(histogram, 180_000_000L, sample);
            sink += sample.slowerCount;
        }
        double nanos = (System.nanoTime() - start) / (double) repetitions;
        return sink == 42 ? nanos + 1e-9 : nanos;
    }

    /**
     * Prints the README's table: {@code ./mvnw -q -pl workflow-runtime -am test-compile}, then {@code java -cp <the
     * runtime's test and main classes, HdrHistogram, opentelemetry-api, opentelemetry-context, slf4j-api>
     * dev.tta.workflow.internal.AnomalySimulation}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        AnomalySettings settings = AnomalySettings.DEFAULT;
        int runs = 200;
        System.out.println("| traffic | change | detected within 3 intervals | mean delay (a miss counts 31) |"
                + " worst delay |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (Traffic traffic : List.of(Traffic.STEADY, Traffic.BURSTY, Traffic.QUIET)) {
            for (Change change : List.of(Change.SLOWER_2X, Change.TAIL_2X, Change.SLOWER_1_5X)) {
                print(delays(traffic, change, AnomalyKind.LATENCY, runs, settings));
            }
            for (Change change : List.of(Change.ERRORS_5, Change.ERRORS_3)) {
                print(delays(traffic, change, AnomalyKind.ERRORS, runs, settings));
            }
        }
        System.out.println();
        int days = 10;
        System.out.println("| traffic | simulated days | false latency anomalies | false error anomalies |");
        System.out.println("| --- | --- | --- | --- |");
        for (Traffic traffic : List.of(Traffic.BURSTY, Traffic.QUIET)) {
            long latency = 0;
            long errors = 0;
            for (int seed = 1; seed <= days; seed++) {
                long[] counts = falseAlarms(1000 + seed, traffic, settings, 1);
                latency += counts[AnomalyKind.LATENCY.ordinal()];
                errors += counts[AnomalyKind.ERRORS.ordinal()];
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d |%n", traffic.name(), days, latency, errors);
        }
        System.out.printf(Locale.ROOT, "%ndetector step, both kinds, per primitive and interval: %.2f us in band,"
                + " %.2f us out of band; count, p95, p99 and slow count of the interval histogram: %.2f us%n",
                detectorNanos(200_000, false) / 1e3, detectorNanos(200_000, true) / 1e3,
                percentileNanos(200_000) / 1e3);
    }

    private static void print(DelayRow row) {
        System.out.printf(Locale.ROOT, "| %s | %s | %d of %d | %.2f | %s |%n", row.traffic().name(),
                row.change().name(), row.within3(), row.runs(), row.mean(),
                row.max() > 30 ? "not within 30" : String.valueOf(row.max()));
    }
}
