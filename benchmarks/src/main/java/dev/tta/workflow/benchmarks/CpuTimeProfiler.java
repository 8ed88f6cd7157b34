package dev.tta.workflow.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.tta.workflow.benchmarks.CpuTimeProfiler}) reporting {@code cpu.time.norm}: the CPU
 * time the whole benchmark JVM used per call, in ns. It counts every thread of the fork: the benchmark threads, but
 * also the span processor's exporting thread, the metric reader, the JIT and the GC, so it is the full CPU price of
 * a call, not only what the caller waits for.
 *
 * <p>Wall-clock time per call stretches when other processes take the CPU; CPU time much less so (shared caches
 * and memory still interfere), which makes it the steadier figure on a shared or busy machine.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startCpuNanos;

    @Override
    public String getDescription() {
        return "CPU time of the whole JVM per benchmark call (all threads)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startCpuNanos = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's interface declares the raw Result type
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpu = os.getProcessCpuTime() - startCpuNanos;
        // All operations, the ones run while threads synchronise included: the CPU time covers them too.
        long ops = result.getMetadata().getAllOps();
        double perCall = ops == 0 ? Double.NaN : (double) cpu / ops;
        return List.of(new ScalarResult("cpu.time.norm", perCall, "ns/op", AggregationPolicy.AVG));
    }
}
