package dev.tta.workflow.examples.agent;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.examples.telemetry.DemoTelemetry;
import dev.tta.workflow.replay.JournalStore;
import dev.tta.workflow.replay.RecordedFailure;
import dev.tta.workflow.replay.ReplayResult;
import dev.tta.workflow.replay.RunJournal;
import dev.tta.workflow.replay.WorkflowReplay;
import dev.tta.workflow.test.TraceTreePrinter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Replays one failed run of the support agent offline, from the journal the demo recorded: the same workflow runs
 * again with every step's recorded outcome standing in for it (no model, CRM or channel is called), the library
 * repeating its recorded decisions (the route, each retry's delay, the cache hits, a timeout expiring), and prints
 * the failure, the replay's trace tree and whether it took the recorded way.
 *
 * <pre>
 * ./mvnw -q -Preplay -DskipTests verify                      # the richest run in examples/target/journals
 * ./mvnw -q -Preplay -DskipTests verify -Dreplay.args=FILE   # that one
 * </pre>
 */
public final class ReplayFailedRun {

    private ReplayFailedRun() {
    }

    /**
     * Replays a journal: the file given, or else the demo's richest recorded run (the one with the most executions,
     * the newest of those), so that the first replay shows the cache, the router, the retries and the saga.
     *
     * @param args {@code [journal-file]}
     * @throws Exception if the replay itself breaks (the run's own failure is what it shows)
     */
    public static void main(String[] args) throws Exception {
        Optional<Path> file = args.length > 0 && !args[0].isBlank() ? Optional.of(Path.of(args[0].strip()))
                : richestJournal();
        if (file.isEmpty()) {
            System.err.println("No journal to replay: run the demo first (./mvnw -q -Pdemo -DskipTests verify); it "
                    + "records its failed runs in " + SupportAgentDemo.journalDirectory().map(Path::toString)
                    .orElse("the directory named by -D" + SupportAgentDemo.JOURNALS_PROPERTY));
            System.exit(2);
            return;
        }
        if (!replay(file.get(), System.out).reproduced()) {
            System.exit(1);
        }
    }

    /**
     * Replays a journal and prints what happened.
     *
     * @param file the journal
     * @param out where to print
     * @return the replay's result
     * @throws IOException if the journal cannot be read
     */
    public static ReplayResult<AgentReply> replay(Path file, PrintStream out) throws IOException {
        RunJournal journal = RunJournal.read(file);
        out.printf("Replaying %s run %s, recorded %s (%s)%n", journal.workflowName(), journal.workflowId(),
                journal.recordedAt(), file);
        out.println("Every step's recorded outcome stands in for it: nothing outside the process is called.");
        out.println();
        out.println("Recorded: " + journal.root().outcome());
        ReplayResult<AgentReply> result;
        List<String> tree;
        try (DemoTelemetry telemetry = DemoTelemetry.start(SupportAgentDemo.SERVICE_NAME + "-replay", null)) {
            // The systems are never called while every step is substituted; they are here to build the workflow.
            WorkflowPrimitive<SupportRequest, AgentReply> agent = SupportAgent.create(Backends.simulated(0));
            result = WorkflowReplay.of(journal).run(agent, SupportRequest.class);
            tree = telemetry.traces().lastTraceId()
                    .map(id -> List.of(TraceTreePrinter.render(telemetry.traces().trace(id))))
                    .orElse(List.of());
        }
        out.println("Replayed: " + (result.failure() != null ? "threw " + RecordedFailure.of(result.failure())
                : "returned " + result.output()) + (result.sameOutcome() ? "  (the same outcome)" : "  (NOT the "
                + "recorded outcome)"));
        out.println();
        if (!tree.isEmpty()) {
            out.println("The replay's trace (spans carry workflow.replay=true; substituted steps "
                    + "workflow.replay.substituted=true):");
            tree.forEach(out::print);
            out.println();
        }
        out.println("Executions and decisions, as the replay's journal records them:");
        out.print(result.replayed().tree());
        out.println();
        out.println(result.reproduced()
                ? "Reproduced: the same failure, the same tree of executions and decisions as the recorded run."
                : "Not reproduced. " + result.firstDivergence().map(first -> "First divergence: " + first)
                        .orElse("The trees differ:\n" + result.recorded().tree()));
        return result;
    }

    private static Optional<Path> richestJournal() throws IOException {
        Optional<Path> directory = SupportAgentDemo.journalDirectory();
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        Path richest = null;
        int most = -1;
        for (Path file : JournalStore.directory(directory.get()).files()) { // oldest first
            int executions = RunJournal.read(file).entries().size();
            if (executions >= most) {
                most = executions;
                richest = file;
            }
        }
        return Optional.ofNullable(richest);
    }
}
