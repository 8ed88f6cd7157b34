package dev.tta.workflow.benchmarks;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.Backoff;
import dev.tta.workflow.DefaultExecutor;
import dev.tta.workflow.Parallel;
import dev.tta.workflow.Retry;
import dev.tta.workflow.Sequence;
import dev.tta.workflow.WorkflowTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Composition cost: whether the cost per step stays flat as a workflow grows. A sequence of 1, 10 and 100 generated
 * steps, a parallel block of 1, 4 and 16 generated branches (on the library's default executor), and a retry around
 * a step that never fails, each next to the references it is read against: one generated step alone
 * ({@link #step}), and the same number of bare steps called in a plain loop ({@link #plainLoop}).
 * Divide a score by its {@code steps} or {@code branches} for the cost per step; the report does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.HEAP_MIN, Forks.HEAP_MAX, Forks.SLF4J_PROVIDER})
public class CompositionBenchmark {

    /** The telemetry, the step body and the caller. */
    @State(Scope.Benchmark)
    public static class Telemetry {
        @Param({TelemetrySetup.SAMPLED, TelemetrySetup.UNSAMPLED, TelemetrySetup.NO_SDK})
        public String mode;

        @Param({Body.SMALL})
        public String body;

        /** The input; a field, so that the JIT cannot treat it as a constant. */
        public Long input = 42L;

        TelemetrySetup telemetry;
        WorkflowContext caller;
        long tokens;
        InstrumentedCpuStep step;
        InstrumentedSloCpuStep withSlos;
        InstrumentedCostCpuStep withCost;
        Retry<Long, Long> retry;

        @Setup(Level.Trial)
        public void setUp() {
            telemetry = TelemetrySetup.create(mode);
            WorkflowTelemetry.install(telemetry.openTelemetry());
            caller = telemetry.caller();
            tokens = Body.tokens(body);
            step = new InstrumentedCpuStep(tokens);
            withSlos = new InstrumentedSloCpuStep(tokens);
            withCost = new InstrumentedCostCpuStep(tokens);
            retry = Workflows.retry(new InstrumentedCpuStep(tokens), 3, Backoff.fixed(Duration.ofMillis(1)));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            telemetry.close();
            WorkflowTelemetry.useGlobal();
        }
    }

    /** A sequence of generated steps, and the same number of bare steps. */
    @State(Scope.Benchmark)
    public static class Steps {
        @Param({"1", "10", "100"})
        public int steps;

        Sequence<Long, Long> sequence;
        CpuStep[] plain;

        @Setup(Level.Trial)
        @SuppressWarnings("ObservedBypassed") // the bare step, as the baseline
        public void setUp(Telemetry telemetry) {
            List<WorkflowPrimitive<Long, Long>> generated = new ArrayList<>();
            plain = new CpuStep[steps];
            for (int i = 0; i < steps; i++) {
                generated.add(new InstrumentedCpuStep(telemetry.tokens));
                plain[i] = new CpuStep(telemetry.tokens);
            }
            sequence = Sequence.of(generated);
        }
    }

    /** A parallel block of generated branches. */
    @State(Scope.Benchmark)
    public static class Branches {
        @Param({"1", "4", "16", "64"})
        public int branches;

        Parallel<Long, Long> parallel;

        @Setup(Level.Trial)
        public void setUp(Telemetry telemetry) {
            List<WorkflowPrimitive<Long, Long>> generated = new ArrayList<>();
            for (int i = 0; i < branches; i++) {
                generated.add(new InstrumentedCpuStep(telemetry.tokens));
            }
            parallel = Parallel.of(generated, DefaultExecutor.get());
        }
    }

    /**
     * One generated step alone: the per-step reference.
     *
     * @param telemetry the set-up
     * @return the output
     */
    @Benchmark
    public Long step(Telemetry telemetry) {
        return telemetry.step.execute(telemetry.input, telemetry.caller);
    }

    /**
     * One generated step declaring a latency and an availability objective.
     *
     * @param telemetry the set-up
     * @return the output
     */
    @Benchmark
    public Long stepWithSlos(Telemetry telemetry) {
        return telemetry.withSlos.execute(telemetry.input, telemetry.caller);
    }

    /**
     * One generated step recording a model call's tokens.
     *
     * @param telemetry the set-up
     * @return the output
     */
    @Benchmark
    public Long stepWithCost(Telemetry telemetry) {
        return telemetry.withCost.execute(telemetry.input, telemetry.caller);
    }

    /**
     * A sequence of {@code steps} generated steps (one sequence span, one span per step).
     *
     * @param telemetry the set-up
     * @param steps the sequence
     * @return the output
     * @throws Exception never: the steps do not fail
     */
    @Benchmark
    public Long sequence(Telemetry telemetry, Steps steps) throws Exception {
        return steps.sequence.execute(telemetry.input, telemetry.caller);
    }

    /**
     * The same number of bare steps in a plain loop: what the sequence's steps cost without any telemetry.
     *
     * @param telemetry the set-up
     * @param steps the bare steps
     * @return the output
     */
    @Benchmark
    public Long plainLoop(Telemetry telemetry, Steps steps) {
        Long value = telemetry.input;
        for (CpuStep step : steps.plain) {
            value = step.execute(value, telemetry.caller);
        }
        return value;
    }

    /**
     * A parallel block of {@code branches} generated steps, run on the default executor.
     *
     * @param telemetry the set-up
     * @param branches the block
     * @return the outputs
     * @throws Exception never: the branches do not fail
     */
    @Benchmark
    public List<Long> parallel(Telemetry telemetry, Branches branches) throws Exception {
        return branches.parallel.execute(telemetry.input, telemetry.caller);
    }

    /**
     * A retry (up to 3 attempts) around a generated step that succeeds the first time: the retry's span and the
     * step's span, which carries the attempt number.
     *
     * @param telemetry the set-up
     * @return the output
     * @throws Exception never: the step does not fail
     */
    @Benchmark
    public Long retry(Telemetry telemetry) throws Exception {
        return telemetry.retry.execute(telemetry.input, telemetry.caller);
    }
}
