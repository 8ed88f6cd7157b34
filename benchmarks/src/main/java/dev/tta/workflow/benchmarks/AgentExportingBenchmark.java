package dev.tta.workflow.benchmarks;

import dev.tta.workflow.benchmarks.agent.DroppingSpanExporterProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link AgentBenchmark} like for like: the agent's SDK exports through a {@code BatchSpanProcessor} with default
 * settings into an exporter that drops everything ({@link DroppingSpanExporterProvider}, loaded as an agent
 * extension), as the other benchmarks' SDK does. Attach the agent as for {@link AgentBenchmark}; this class's forks add
 * the extension and select its exporter (appended after the agent's options, so they win over
 * {@code -Dotel.traces.exporter=none}). The benchmarks are {@link AgentBenchmark}'s, inherited: {@code bare} is the
 * baseline in this JVM.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.HEAP_MIN, Forks.HEAP_MAX,
        "-Dotel.javaagent.extensions=benchmarks/target/agent/agent-extension.jar", "-Dotel.traces.exporter=tta-drop"})
@State(Scope.Benchmark)
public class AgentExportingBenchmark extends AgentBenchmark {

    /** Fails the run unless the agent exports through the dropping exporter. */
    @Setup(Level.Trial)
    public void checkExporter() {
        if (!Boolean.getBoolean(DroppingSpanExporterProvider.CREATED_PROPERTY)) {
            throw new IllegalStateException("The agent did not load benchmarks/target/agent/agent-extension.jar or"
                    + " did not select its exporter: run from the repository root, with the agent attached.");
        }
    }
}
