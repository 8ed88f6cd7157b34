package dev.tta.workflow.benchmarks;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same step observed with Micrometer's Observation API ({@link MicrometerObservedStep}): a timer, a long task
 * timer and a span per call, over the same OpenTelemetry set-up as {@link StepBenchmark}. Compare with
 * {@code StepBenchmark.generated} for the same body and mode.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.HEAP_MIN, Forks.HEAP_MAX, Forks.SLF4J_PROVIDER})
public class MicrometerBenchmark {

    /** The observed step and its telemetry. */
    @State(Scope.Benchmark)
    public static class Observed {
        @Param({Body.SMALL, Body.MICROS_20})
        public String body;

        @Param({TelemetrySetup.NO_SDK, TelemetrySetup.SAMPLED, TelemetrySetup.UNSAMPLED})
        public String mode;

        /** The input; a field, so that the JIT cannot treat it as a constant. */
        public Long input = 42L;

        TelemetrySetup telemetry;
        MicrometerObservedStep step;

        @Setup(Level.Trial)
        @SuppressWarnings("ObservedBypassed") // the bare step, as the baseline
        public void setUp() {
            MicrometerObservedStep.installMdcBridge(); // before any OpenTelemetry context is used
            telemetry = TelemetrySetup.create(mode);
            step = new MicrometerObservedStep(new CpuStep(Body.tokens(body)), telemetry.openTelemetry());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            telemetry.close();
        }
    }

    /** The caller's span, current on each benchmark thread: Micrometer finds its parent there. */
    @State(Scope.Thread)
    public static class Caller {
        final ParentScope scope = new ParentScope();

        @Setup(Level.Iteration)
        public void open(Observed observed) {
            scope.open(observed.telemetry.parent());
        }

        @TearDown(Level.Iteration)
        public void close() {
            scope.close();
        }
    }

    /**
     * The step inside a Micrometer observation.
     *
     * @param observed the step and telemetry
     * @param caller keeps the caller's span current
     * @return the output
     */
    @Benchmark
    public Long micrometer(Observed observed, Caller caller) {
        return observed.step.execute(observed.input, observed.telemetry.caller());
    }
}
