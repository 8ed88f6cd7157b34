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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One and two threads calling the same instrumented step instance: the shared instruments under contention (the
 * HdrHistogram recorder, the in-flight count, the OpenTelemetry histogram and span processor). The generated class
 * stripes its recorder by thread; the hand-written one shares a single {@code Recorder}, as hand-written code
 * typically does. Average time is per call and per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.HEAP_MIN, Forks.HEAP_MAX, Forks.SLF4J_PROVIDER})
public class ConcurrencyBenchmark {

    /** One instance of each instrumented step, shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({TelemetrySetup.SAMPLED, TelemetrySetup.UNSAMPLED})
        public String mode;

        @Param({Body.SMALL})
        public String body;

        /** The input; a field, so that the JIT cannot treat it as a constant. */
        public Long input = 42L;

        TelemetrySetup telemetry;
        WorkflowContext caller;
        InstrumentedCpuStep generated;
        HandInstrumentedCpuStep handWritten;

        @Setup(Level.Trial)
        public void setUp() {
            telemetry = TelemetrySetup.create(mode);
            WorkflowTelemetry.install(telemetry.openTelemetry());
            caller = telemetry.caller();
            generated = new InstrumentedCpuStep(Body.tokens(body));
            handWritten = new HandInstrumentedCpuStep(Body.tokens(body), telemetry.openTelemetry());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            telemetry.close();
            WorkflowTelemetry.useGlobal();
        }
    }

    /**
     * The generated step, one thread.
     *
     * @param shared the steps
     * @return the output
     */
    @Benchmark
    @Threads(1)
    public Long generated1t(Shared shared) {
        return shared.generated.execute(shared.input, shared.caller);
    }

    /**
     * The generated step, two threads on the same instance.
     *
     * @param shared the steps
     * @return the output
     */
    @Benchmark
    @Threads(2)
    public Long generated2t(Shared shared) {
        return shared.generated.execute(shared.input, shared.caller);
    }

    /**
     * The hand-written step, one thread.
     *
     * @param shared the steps
     * @return the output
     */
    @Benchmark
    @Threads(1)
    public Long handWritten1t(Shared shared) {
        return shared.handWritten.execute(shared.input, shared.caller);
    }

    /**
     * The hand-written step, two threads on the same instance.
     *
     * @param shared the steps
     * @return the output
     */
    @Benchmark
    @Threads(2)
    public Long handWritten2t(Shared shared) {
        return shared.handWritten.execute(shared.input, shared.caller);
    }
}
