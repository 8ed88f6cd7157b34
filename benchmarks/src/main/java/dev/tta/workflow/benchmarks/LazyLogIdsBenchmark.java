package dev.tta.workflow.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link StepBenchmark}'s generated and hand-written steps with the log ids read lazily, as with
 * {@code workflow-logging}'s appender or context-data provider: neither fills the MDC per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.HEAP_MIN, Forks.HEAP_MAX, Forks.SLF4J_PROVIDER, Forks.LAZY_LOG_IDS})
public class LazyLogIdsBenchmark {

    /**
     * The step through its generated {@code InstrumentedCpuStep}.
     *
     * @param work the body and input
     * @param instrumented the steps and telemetry
     * @return the output
     */
    @Benchmark
    public Long generated(StepBenchmark.Work work, StepBenchmark.Instrumented instrumented) {
        return instrumented.generated.execute(work.input, instrumented.caller);
    }

    /**
     * The step through hand-written OpenTelemetry code doing the same work, without the MDC either.
     *
     * @param work the body and input
     * @param instrumented the steps and telemetry
     * @return the output
     */
    @Benchmark
    public Long handWritten(StepBenchmark.Work work, StepBenchmark.Instrumented instrumented) {
        return instrumented.handWritten.execute(work.input, instrumented.caller);
    }
}
