package dev.tta.workflow.benchmarks;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowTelemetry;
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
 * One step, one call: bare, through the generated {@code InstrumentedCpuStep}, and through the hand-written
 * OpenTelemetry equivalent ({@link HandInstrumentedCpuStep}), for each body and telemetry mode.
 *
 * <p>Six warm-up iterations: on a 2-core machine the JIT needs about 5 s before the SDK paths settle.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.HEAP_MIN, Forks.HEAP_MAX, Forks.SLF4J_PROVIDER})
public class StepBenchmark {

    /** The body of the step. */
    @State(Scope.Benchmark)
    public static class Work {
        @Param({Body.SMALL, Body.MICROS_20})
        public String body;

        /** The input; a field, so that the JIT cannot treat it as a constant. */
        public Long input = 42L;
    }

    /** No telemetry at all: the step's own cost. */
    @State(Scope.Benchmark)
    public static class Bare {
        CpuStep step;
        WorkflowContext caller;

        @Setup(Level.Trial)
        @SuppressWarnings("ObservedBypassed") // the bare step, as the baseline
        public void setUp(Work work) {
            step = new CpuStep(Body.tokens(work.body));
            caller = TelemetrySetup.remoteCaller(true);
        }
    }

    /** The instrumented steps, reporting to the telemetry of the {@code mode} parameter. */
    @State(Scope.Benchmark)
    public static class Instrumented {
        @Param({TelemetrySetup.NO_SDK, TelemetrySetup.SAMPLED, TelemetrySetup.UNSAMPLED})
        public String mode;

        TelemetrySetup telemetry;
        InstrumentedCpuStep generated;
        HandInstrumentedCpuStep handWritten;
        WorkflowContext caller;

        @Setup(Level.Trial)
        public void setUp(Work work) {
            telemetry = TelemetrySetup.create(mode);
            WorkflowTelemetry.install(telemetry.openTelemetry());
            long tokens = Body.tokens(work.body);
            generated = new InstrumentedCpuStep(tokens);
            handWritten = new HandInstrumentedCpuStep(tokens, telemetry.openTelemetry());
            caller = telemetry.caller();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            telemetry.close();
            WorkflowTelemetry.useGlobal();
        }
    }

    /**
     * The step without any instrumentation.
     *
     * @param work the body and input
     * @param bare the step
     * @return the output
     */
    @Benchmark
    public Long bare(Work work, Bare bare) {
        return bare.step.execute(work.input, bare.caller);
    }

    /**
     * The step through its generated {@code InstrumentedCpuStep}.
     *
     * @param work the body and input
     * @param instrumented the steps and telemetry
     * @return the output
     */
    @Benchmark
    public Long generated(Work work, Instrumented instrumented) {
        return instrumented.generated.execute(work.input, instrumented.caller);
    }

    /**
     * The step through hand-written OpenTelemetry, HdrHistogram and SLF4J code doing the same work.
     *
     * @param work the body and input
     * @param instrumented the steps and telemetry
     * @return the output
     */
    @Benchmark
    public Long handWritten(Work work, Instrumented instrumented) {
        return instrumented.handWritten.execute(work.input, instrumented.caller);
    }
}
