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
 * <p>{@link #main} prints the README's tables: detection delay, false alarms, and the detector against the
 * {@linkplain AnomalyOracle oracle} that judges the same calls knowing what the detector cannot.
 */
final class AnomalySimulation {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final int INTERVALS_PER_DAY = 8_640;
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** Stationary intervals before a change, so that the detector has a full baseline. */
    static final int WARM_UP_INTERVALS = 360;
    /** The changed intervals that "detected within 3 intervals" counts, and that the oracle judges together. */
    static final int JUDGED_INTERVALS = 3;
    /** The median latency of a call before any change, in seconds: latencies are log-normal... */
    static final double MEDIAN_SECONDS = 0.080;
    /** ...with this standard deviation of their logarithm. */
    static final double SIGMA = 0.5;
    /** The share of calls that are outliers. */
    static final double OUTLIER_SHARE = 0.01;
    /** How many times slower an outlier is. */
    static final double OUTLIER_FACTOR = 10;

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
    /** Calls of the last interval slower than the true p95 of the stationary latency distribution. */
    private long slowerThanTrueP95;

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
        slowerThanTrueP95 = 0;
        for (long i = 0; i < n; i++) {
            // Log-normal: median 80 ms, sigma 0.5; 1 % outliers ten times slower.
            double seconds = MEDIAN_SECONDS * Math.exp(SIGMA * gaussian());
            if (random.nextDouble() < OUTLIER_SHARE) {
                seconds *= OUTLIER_FACTOR;
            }
            if (change.tailShare() == 0 || random.nextDouble() < change.tailShare()) {
                seconds *= change.latencyFactor();
            }
            histogram.recordValue((long) (seconds * 1e9));
            if (seconds > AnomalyOracle.TRUE_P95_SECONDS) {
                slowerThanTrueP95++;
            }
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

    /** The calls of the last interval drawn that were slower than the true stationary p95. */
    long slowerThanTrueP95() {
        return slowerThanTrueP95;
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
     * One seeded run of a change, as the detector saw it: how many intervals it took the anomaly of the expected kind
     * to open (1 = at the end of the first changed interval; {@code limit + 1} if it did not open within the limit),
     * and what the first {@link #JUDGED_INTERVALS} changed intervals held, for the {@linkplain AnomalyOracle oracle}.
     *
     * @param delay the detection delay, in intervals
     * @param calls the calls of the judged intervals
     * @param failures the failed calls among them
     * @param slowerThanTrueP95 the calls among them slower than the true p95 of the stationary latency distribution
     */
    record Run(int delay, long calls, long failures, long slowerThanTrueP95) {
    }

    /**
     * Runs one seed: an hour of stationary warm-up, then the change until its anomaly opens, for at least
     * {@link #JUDGED_INTERVALS} intervals (so that the oracle judges the same intervals however soon it opens) and at
     * most {@code limit}, which is at least {@link #JUDGED_INTERVALS}.
     */
    static Run run(long seed, Traffic traffic, AnomalySettings settings, Change change, AnomalyKind kind, int limit) {
        AnomalySimulation simulation = new AnomalySimulation(seed, traffic, settings);
        for (int i = 0; i < WARM_UP_INTERVALS; i++) {
            simulation.step(Change.NONE);
        }
        int delay = limit + 1;
        long calls = 0;
        long failures = 0;
        long slower = 0;
        for (int i = 1; i <= limit && (delay > limit || i <= JUDGED_INTERVALS); i++) {
            List<Anomaly> opened = simulation.step(change);
            if (i <= JUDGED_INTERVALS) {
                calls += simulation.sample.count;
                failures += simulation.sample.failures;
                slower += simulation.slowerThanTrueP95;
            }
            if (delay > limit && opened.stream().anyMatch(anomaly -> anomaly.kind() == kind)) {
                delay = i;
            }
        }
        return new Run(delay, calls, failures, slower);
    }

    /** The runs of seeds 1 to {@code seeds} of a change, each until its anomaly opens or 30 intervals passed. */
    static List<Run> runs(Traffic traffic, Change change, AnomalyKind kind, int seeds, AnomalySettings settings) {
        List<Run> runs = new ArrayList<>(seeds);
        for (int seed = 1; seed <= seeds; seed++) {
            runs.add(run(seed, traffic, settings, change, kind, 30));
        }
        return runs;
    }

    /** One row of the delay table over many seeds. */
    record DelayRow(Traffic traffic, Change change, int runs, int within3, double mean, int max) {
    }

    static DelayRow delays(Traffic traffic, Change change, AnomalyKind kind, int runs, AnomalySettings settings) {
        return delays(traffic, change, runs(traffic, change, kind, runs, settings));
    }

    static DelayRow delays(Traffic traffic, Change change, List<Run> runs) {
        int within = 0;
        int max = 0;
        long sum = 0;
        for (Run run : runs) {
            within += run.delay() <= JUDGED_INTERVALS ? 1 : 0;
            max = Math.max(max, run.delay());
            sum += run.delay();
        }
        return new DelayRow(traffic, change, runs.size(), within, sum / (double) runs.size(), max);
    }

    /**
     * Prints the README's tables: {@code ./mvnw -q -pl workflow-runtime -am test-compile}, then {@code java -cp <the
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
        List<AnomalyOracle.Row> oracleRows = new ArrayList<>();
        for (Traffic traffic : List.of(Traffic.STEADY, Traffic.BURSTY, Traffic.QUIET)) {
            for (Change change : List.of(Change.SLOWER_2X, Change.TAIL_2X, Change.SLOWER_1_5X, Change.ERRORS_5,
                    Change.ERRORS_3)) {
                AnomalyKind kind = change.failureRate() != Change.NONE.failureRate() ? AnomalyKind.ERRORS
                        : AnomalyKind.LATENCY;
                List<Run> seeded = runs(traffic, change, kind, runs, settings);
                print(delays(traffic, change, seeded));
                oracleRows.add(AnomalyOracle.compare(traffic, change, kind, seeded));
            }
        }
        System.out.println();
        int days = 100;
        System.out.println("| traffic | simulated days | false latency anomalies | false error anomalies |"
                + " both, per day |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (Traffic traffic : List.of(Traffic.BURSTY, Traffic.QUIET)) {
            long[] counts = falseAlarmDays(traffic, settings, days);
            long latency = counts[AnomalyKind.LATENCY.ordinal()];
            long errors = counts[AnomalyKind.ERRORS.ordinal()];
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.2f |%n", traffic.name(), days, latency, errors,
                    (latency + errors) / (double) days);
        }
        System.out.println();
        System.out.println("| traffic | change | detector: within 3 intervals | oracle, alpha 1/8640 |"
                + " oracle, alpha 3/8640 | oracle, alpha 3/8640, with its coin | of the detector's, found by the"
                + " oracle at 3/8640 |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (AnomalyOracle.Row row : oracleRows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %d of %d | %d of %d | %d of %d | %.1f of %d | %d of %d |%n",
                    row.traffic().name(), row.change().name(), row.detectorWithin3(), row.runs(),
                    row.strict().within3(), row.runs(), row.bound().within3(), row.runs(),
                    row.bound().randomizedWithin3(), row.runs(), row.bound().alsoFoundByDetector(),
                    row.detectorWithin3());
        }
        int many = 1000;
        AnomalyOracle.Row bursty = AnomalyOracle.compare(Traffic.BURSTY, Change.ERRORS_5, AnomalyKind.ERRORS,
                runs(Traffic.BURSTY, Change.ERRORS_5, AnomalyKind.ERRORS, many, settings));
        System.out.printf(Locale.ROOT, "%n%s, %s, seeds 1 to %d, within 3 intervals (Wilson 95 %% intervals):%n",
                bursty.traffic().name(), bursty.change().name(), many);
        System.out.println("- detector: " + withInterval(bursty.detectorWithin3(), many));
        for (AnomalyOracle.Verdicts oracle : List.of(bursty.strict(), bursty.bound())) {
            System.out.printf(Locale.ROOT, "- oracle at alpha %.0f/%d: %s, %.1f with its coin; it finds %d runs the"
                    + " detector misses, the detector %d it misses%n", oracle.alpha() * INTERVALS_PER_DAY,
                    INTERVALS_PER_DAY, withInterval(oracle.within3(), many), oracle.randomizedWithin3(),
                    oracle.within3() - oracle.alsoFoundByDetector(),
                    bursty.detectorWithin3() - oracle.alsoFoundByDetector());
        }
        System.out.printf(Locale.ROOT, "%n| error threshold | %s, %s: within 3 intervals of %d | false error anomalies"
                + " a day, bursty | quiet (%d days each) |%n", Traffic.BURSTY.name(), Change.ERRORS_5.name(), many,
                days);
        System.out.println("| --- | --- | --- | --- |");
        for (double threshold : new double[] {9, 10, 11, 12}) {
            AnomalySettings tuned = settings.withThresholds(settings.latencyThreshold(), threshold);
            int within = delays(Traffic.BURSTY, Change.ERRORS_5, AnomalyKind.ERRORS, many, tuned).within3();
            System.out.printf(Locale.ROOT, "| %.0f%s | %s | %.2f | %.2f |%n", threshold,
                    threshold == settings.errorThreshold() ? " (default)" : "", withInterval(within, many),
                    falseAlarmDays(Traffic.BURSTY, tuned, days)[AnomalyKind.ERRORS.ordinal()] / (double) days,
                    falseAlarmDays(Traffic.QUIET, tuned, days)[AnomalyKind.ERRORS.ordinal()] / (double) days);
        }
    }

    /** False anomalies of each kind over {@code days} simulated days, one seed a day (seeds 1001, 1002, ...). */
    static long[] falseAlarmDays(Traffic traffic, AnomalySettings settings, int days) {
        long[] total = new long[AnomalyKind.values().length];
        for (int seed = 1; seed <= days; seed++) {
            long[] counts = falseAlarms(1000 + seed, traffic, settings, 1);
            for (int kind = 0; kind < total.length; kind++) {
                total[kind] += counts[kind];
            }
        }
        return total;
    }

    private static String withInterval(int within, int runs) {
        double[] interval = AnomalyOracle.wilson95(within, runs);
        return String.format(Locale.ROOT, "%d of %d (%.1f %%, 95 %% interval %.1f-%.1f %%)", within, runs,
                100.0 * within / runs, 100 * interval[0], 100 * interval[1]);
    }

    private static void print(DelayRow row) {
        System.out.printf(Locale.ROOT, "| %s | %s | %d of %d | %.2f | %s |%n", row.traffic().name(),
                row.change().name(), row.within3(), row.runs(), row.mean(),
                row.max() > 30 ? "not within 30" : String.valueOf(row.max()));
    }
}
