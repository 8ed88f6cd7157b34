package dev.tta.workflow.benchmarks;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.Sequence;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.sampling.TailSamplingSpanProcessor;
import dev.tta.workflow.sampling.WorkflowSampler;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost per step of tail sampling against the plain sampled path, in the same run: one workflow run (a local root
 * sequence of {@value #STEPS} generated steps) per operation, the score divided by the steps.
 *
 * <ul>
 *   <li>{@code sampled}: every run sampled ({@code parentbased_always_on}), spans to a {@code BatchSpanProcessor};
 *   <li>{@code tail}: the {@link WorkflowSampler} at 10 % recording the rest, every span buffered by the
 *       {@link TailSamplingSpanProcessor} until its run ends, kept runs handed to the same batch processor;
 *   <li>{@code head}: the {@link WorkflowSampler} at 10 % without tail sampling (unsampled spans not recorded).
 * </ul>
 *
 * <p>The target is {@code tail <= 1.2 x sampled}. The exporter drops what it gets (the batch processor still queues
 * and hands it over).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.HEAP_MIN, Forks.HEAP_MAX, Forks.SLF4J_PROVIDER})
public class TailSamplingBenchmark {

    static final int STEPS = 10;

    /** The SDK of a mode, installed for the trial. */
    @State(Scope.Benchmark)
    public static class Setting {
        /** {@code sampled}, {@code tail} or {@code head}. */
        @Param({"sampled", "tail", "head"})
        public String mode;

        OpenTelemetrySdk sdk;
        WorkflowPrimitive<Long, Long> workflow;

        /** Builds the SDK and the workflow. */
        @Setup(Level.Trial)
        public void setUp() {
            SpanProcessor batch = BatchSpanProcessor.builder(SpanExporter.composite()).build();
            SdkTracerProvider tracerProvider = switch (mode) {
                case "sampled" -> SdkTracerProvider.builder().setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                        .addSpanProcessor(batch).build();
                case "tail" -> SdkTracerProvider.builder()
                        .setSampler(WorkflowSampler.parse("*=10%; tail").build())
                        .addSpanProcessor(TailSamplingSpanProcessor.builder(batch).build()).build();
                case "head" -> SdkTracerProvider.builder().setSampler(WorkflowSampler.parse("*=10%").build())
                        .addSpanProcessor(batch).build();
                default -> throw new IllegalArgumentException("unknown mode '" + mode + "'");
            };
            sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
            WorkflowTelemetry.install(sdk);
            List<WorkflowPrimitive<Long, Long>> steps = new ArrayList<>();
            for (int i = 0; i < STEPS; i++) {
                steps.add(new InstrumentedCpuStep(Body.tokens(Body.SMALL)));
            }
            workflow = Sequence.of(steps);
        }

        /** Shuts the SDK down. */
        @TearDown(Level.Trial)
        public void tearDown() {
            sdk.close();
            WorkflowTelemetry.useGlobal();
        }
    }

    /**
     * One run of the workflow from a new root context.
     *
     * @param setting the mode
     * @return the output
     * @throws Exception never: the steps do not throw
     */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Long run(Setting setting) throws Exception {
        return setting.workflow.execute(42L, WorkflowContext.start("benchmark"));
    }
}
