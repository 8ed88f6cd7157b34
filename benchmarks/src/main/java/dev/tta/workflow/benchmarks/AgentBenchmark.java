package dev.tta.workflow.benchmarks;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
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
 * The same body traced by the OpenTelemetry Java agent's {@code @WithSpan} ({@link AgentTarget}). Runs only with
 * the agent attached, which {@code benchmarks/run.sh} does:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AgentBenchmark -jvmArgsPrepend \
 *   "-javaagent:benchmarks/target/agent/opentelemetry-javaagent.jar -Dotel.traces.exporter=none
 *    -Dotel.metrics.exporter=none -Dotel.logs.exporter=none"
 * </pre>
 *
 * <p>The agent keeps its default sampler (parent-based, always on) and the caller's span is current, sampled or
 * not as the {@code mode} parameter says, so sampling is decided as in {@link StepBenchmark}. With the exporters set
 * to {@code none} the agent's SDK has no span processor at all: an ended span goes nowhere, which is less work than
 * the batch processor the other benchmarks feed. The setup fails if the agent is not attached or did not take the
 * caller's span as the parent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
// No slf4j.provider here: the agent's own shaded SLF4J reads that property too, and fails on logback's name.
@Fork(value = 1, jvmArgsAppend = {Forks.HEAP_MIN, Forks.HEAP_MAX})
public class AgentBenchmark {

    /** The body. */
    @State(Scope.Benchmark)
    public static class Work {
        @Param({Body.SMALL, Body.MICROS_20})
        public String body;

        /** The input; a field, so that the JIT cannot treat it as a constant. */
        public Long input = 42L;

        AgentTarget target;

        @Setup(Level.Trial)
        public void setUp() {
            target = new AgentTarget(Body.tokens(body));
        }
    }

    /** The caller's span, current on each benchmark thread: the agent finds its parent there. */
    @State(Scope.Thread)
    public static class Caller {
        @Param({TelemetrySetup.SAMPLED, TelemetrySetup.UNSAMPLED})
        public String mode;

        final ParentScope scope = new ParentScope();

        @Setup(Level.Iteration)
        public void open(Work work) {
            boolean sampled = TelemetrySetup.SAMPLED.equals(mode);
            Context parent = TelemetrySetup.remoteCaller(sampled).otelContext();
            scope.open(parent);
            SpanContext seen = work.target.probe();
            // Without the agent the probe sees the caller's own span: @WithSpan started none.
            if (!seen.isValid() || seen.getSpanId().equals(TelemetrySetup.parentSpanId())) {
                scope.close();
                throw new IllegalStateException("The OpenTelemetry Java agent is not attached: @WithSpan did nothing."
                        + " Run benchmarks/run.sh, or add -jvmArgsPrepend \"-javaagent:"
                        + "benchmarks/target/agent/opentelemetry-javaagent.jar -Dotel.traces.exporter=none"
                        + " -Dotel.metrics.exporter=none -Dotel.logs.exporter=none\" to the JMH command line.");
            }
            if (!seen.getTraceId().equals(TelemetrySetup.parentTraceId()) || seen.isSampled() != sampled) {
                scope.close();
                throw new IllegalStateException("The agent's span did not follow the caller's span (expected trace "
                        + TelemetrySetup.parentTraceId() + ", sampled=" + sampled + "; got " + seen + "): is"
                        + " otel.traces.sampler set to something other than the default parentbased_always_on?");
            }
        }

        @TearDown(Level.Iteration)
        public void close() {
            scope.close();
        }
    }

    /**
     * The plain method, in the same JVM as the agent: the baseline of this class.
     *
     * @param work the body and input
     * @return the output
     */
    @Benchmark
    public Long bare(Work work) {
        return work.target.plain(work.input);
    }

    /**
     * The {@code @WithSpan} method.
     *
     * @param work the body and input
     * @param caller keeps the caller's span current
     * @return the output
     */
    @Benchmark
    public Long withSpan(Work work, Caller caller) {
        return work.target.traced(work.input);
    }
}
