package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.Anomaly;
import dev.tta.workflow.telemetry.AnomalySettings;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What anomaly detection costs per primitive and closed interval, off the call path: {@link #judge} is both
 * detectors of one primitive on one interval of about 300 executions against a full baseline, either every interval
 * in band or half of them out of band (three out, three in: anomalies of both kinds open, are updated and close
 * every six intervals, their bands worked out and their exemplars kept); {@link #summarise} reads count, p95, p99
 * and slow count of the interval from the detectors' histogram. In the runtime's internal package because
 * the detector is package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AnomalyDetectorBenchmark {

    private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
    private static final long P95_NANOS = 180_000_000L;

    /**
     * {@code inBand}: stationary intervals; {@code anomalies}: three intervals of a fifth of the calls failing and a
     * quarter slow, then three stationary ones, over and over.
     */
    @Param({"inBand", "anomalies"})
    public String interval;

    private AnomalyDetector detector;
    /** A multiple of the six-interval cycle. */
    private final IntervalSample[] samples = new IntervalSample[60];
    private final Histogram histogram = LatencyRecorder.coarseHistogram();
    private final IntervalSample summary = new IntervalSample();
    private int next;

    /** A detector with a full baseline of stationary intervals, and the intervals it then judges. */
    @Setup(Level.Trial)
    public void setUp() {
        detector = new AnomalyDetector("Benchmarked", AnomalySettings.DEFAULT, new AnomalyDetector.Listener() {
            @Override
            public void opened(Anomaly anomaly) {
            }

            @Override
            public void updated(Anomaly anomaly) {
            }

            @Override
            public void closed(Anomaly anomaly) {
            }
        });
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < AnomalySettings.DEFAULT.baselineIntervals(); i++) {
            detector.evaluate(sample(random, false), END);
        }
        boolean anomalies = interval.equals("anomalies");
        for (int i = 0; i < samples.length; i++) {
            samples[i] = sample(random, anomalies && i % 6 < 3);
        }
        for (int i = 0; i < 300; i++) {
            // Log-normal, median 80 ms, sigma 0.5 (Box-Muller).
            double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                    * Math.cos(2 * Math.PI * random.nextDouble());
            histogram.recordValue((long) (80_000_000 * Math.exp(0.5 * gaussian)));
        }
    }

    private IntervalSample sample(SplittableRandom random, boolean out) {
        IntervalSample sample = new IntervalSample();
        sample.count = 250 + random.nextInt(100);
        sample.failures = out ? sample.count / 5 : binomial(random, sample.count, 0.01);
        sample.p95Nanos = out ? 2 * P95_NANOS : P95_NANOS;
        sample.p99Nanos = 2 * sample.p95Nanos;
        sample.slowThresholdNanos = detector.slowThresholdNanos();
        sample.slowerCount = sample.slowThresholdNanos == 0 ? 0
                : out ? sample.count / 4 : binomial(random, sample.count, 0.05);
        sample.slowCount = IntervalExemplars.SLOWEST;
        for (int i = 0; i < sample.slowCount; i++) {
            sample.slowTraces[i] = String.format("%032x", random.nextLong() & Long.MAX_VALUE);
            sample.slowWorkflows[i] = "benchmarked";
        }
        return sample;
    }

    private static long binomial(SplittableRandom random, long n, double p) {
        long k = 0;
        for (long i = 0; i < n; i++) {
            k += random.nextDouble() < p ? 1 : 0;
        }
        return k;
    }

    /**
     * Both detectors of one primitive judge one closed interval.
     *
     * @return the detector, so that nothing is eliminated
     */
    @Benchmark
    public AnomalyDetector judge() {
        detector.evaluate(samples[next], END);
        next = next + 1 == samples.length ? 0 : next + 1;
        return detector;
    }

    /**
     * Count, p95, p99 and slow count of a closed interval of 300 executions.
     *
     * @return the summary
     */
    @Benchmark
    public IntervalSample summarise() {
        LatencyRecorder.summarise(histogram, P95_NANOS, summary);
        return summary;
    }
}
