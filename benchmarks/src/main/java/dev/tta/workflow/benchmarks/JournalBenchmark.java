package dev.tta.workflow.benchmarks;

import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.replay.WorkflowJournal;
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
 * What an execution journal costs a step, unsampled (spans do not matter here): {@code off}, no journal at all;
 * {@code other}, a journal recording another workflow (every execution then meets the observer); {@code on}, the
 * step's workflow recorded, its input and output serialised, masked and bounded on the step's thread (each call is
 * a run of one step, so the run's own bookkeeping is in the figure; the retention keeps nothing, so no storing).
 * The payload's text is {@code bytes} characters; the JSON of input and output is about twice that.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Forks.HEAP_MIN, Forks.HEAP_MAX, Forks.SLF4J_PROVIDER, Forks.LAZY_LOG_IDS})
public class JournalBenchmark {

    /** The journal of the {@code journal} parameter, and the step. */
    @State(Scope.Benchmark)
    public static class Setting {
        @Param({"off", "other", "on"})
        public String journal;

        @Param({"100", "1000"})
        public int bytes;

        TelemetrySetup telemetry;
        InstrumentedEchoStep step;
        EchoStep.Payload payload;
        WorkflowContext caller;
        WorkflowJournal recording;

        @Setup(Level.Trial)
        public void setUp() {
            telemetry = TelemetrySetup.create(TelemetrySetup.UNSAMPLED);
            WorkflowTelemetry.install(telemetry.openTelemetry());
            step = new InstrumentedEchoStep();
            payload = new EchoStep.Payload("request-42", "x".repeat(bytes));
            caller = telemetry.caller();
            if (!journal.equals("off")) {
                recording = WorkflowJournal.builder()
                        .workflows(journal.equals("on") ? caller.workflowName() : "another-workflow")
                        .retention(run -> false)
                        .keepRecent(0)
                        .start();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (recording != null) {
                recording.close();
            }
            telemetry.close();
            WorkflowTelemetry.useGlobal();
        }
    }

    /**
     * One execution of the step.
     *
     * @param setting the journal and the step
     * @return the output
     */
    @Benchmark
    public EchoStep.Payload step(Setting setting) {
        return setting.step.execute(setting.payload, setting.caller);
    }
}
