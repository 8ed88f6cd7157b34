package dev.tta.workflow.examples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.replay.Divergence;
import dev.tta.workflow.replay.JournalEntry;
import dev.tta.workflow.replay.ReplayResult;
import dev.tta.workflow.replay.Retention;
import dev.tta.workflow.replay.RunJournal;
import dev.tta.workflow.replay.Substitution;
import dev.tta.workflow.replay.WorkflowJournal;
import dev.tta.workflow.replay.WorkflowReplay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The support agent's failed runs, recorded and replayed offline: a thousand seeded failing runs (rate limits,
 * hangs a timeout gives up on, refused prompts, a channel down, invalid requests; the cache, the router, retries
 * with jitter, fallbacks and the saga's compensation all deciding) reproduce with the same failure and the same tree
 * of executions and decisions, and code changes in the demo's steps are reported at the first step that differs.
 */
class SupportAgentReplayTest {

    private static final int FAILED_RUNS = 1_000;
    /** More failures than the demo's defaults, and systems 20 times faster: a thousand failed runs in seconds. */
    private static final Backends.FailureRates RATES = new Backends.FailureRates(0.25, 0.01, 0.05, 0.45);

    private static List<RunJournal> failed;

    @BeforeAll
    static void recordFailedRuns() throws Exception {
        Backends backends = Backends.simulated(7, RATES, 0.05);
        WorkflowPrimitive<SupportRequest, AgentReply> agent = SupportAgent.create(backends);
        SupportTraffic traffic = new SupportTraffic(7);
        ExecutorService requests = Executors.newFixedThreadPool(8);
        try (WorkflowJournal journal = WorkflowJournal.builder().workflows(SupportAgent.WORKFLOW)
                .retention(Retention.failed()).keepRecent(FAILED_RUNS).start()) {
            for (int batch = 0; batch < 40 && journal.recent().size() < FAILED_RUNS; batch++) {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    SupportRequest request = traffic.next();
                    running.add(requests.submit(() -> {
                        try {
                            agent.execute(request, SupportAgent.contextFor(request));
                        } catch (Exception expected) {
                            // the journal has it
                        }
                        return null;
                    }));
                }
                for (Future<?> request : running) {
                    request.get();
                }
                journal.flush();
            }
            failed = journal.recent();
        } finally {
            requests.shutdownNow();
        }
        assertEquals(FAILED_RUNS, failed.size(), "failed runs recorded");
    }

    @AfterAll
    static void forget() {
        failed = null;
    }

    @Test
    void atLeast99PercentOfAThousandFailedRunsReplayToTheSameFailureAndTree() {
        WorkflowPrimitive<SupportRequest, AgentReply> offline = SupportAgent.create(Backends.simulated(0));
        Map<String, Integer> failures = new TreeMap<>();
        List<String> notReproduced = new ArrayList<>();
        for (RunJournal journal : failed) {
            failures.merge(journal.root().failure().type(), 1, Integer::sum);
            ReplayResult<AgentReply> result = WorkflowReplay.of(journal).run(offline, SupportRequest.class);
            if (!result.reproduced()) {
                notReproduced.add(result.report());
            }
        }
        int reproduced = failed.size() - notReproduced.size();
        System.out.printf("replay reproduced %d of %d failed runs (%s)%n", reproduced, failed.size(), failures);
        assertTrue(reproduced >= 990, reproduced + " of " + failed.size() + " reproduced; the first that was not:\n"
                + (notReproduced.isEmpty() ? "" : notReproduced.get(0)));
        assertEquals(2, failures.size(), "deliveries and invalid requests fail; the fallback hides the model's "
                + "failures: " + failures);
        // The runs replayed took every decision a replay repeats.
        Set<String> decisions = new TreeSet<>();
        for (RunJournal journal : failed) {
            journal.entries().forEach(entry -> entry.decisions().forEach(decision -> decisions.add(
                    decision.kind() + (decision.kind().equals(Decisions.RETRY) ? "" : "=" + decision.value()))));
        }
        for (String expected : List.of(Decisions.ROUTE + "=small", Decisions.ROUTE + "=large", Decisions.RETRY,
                Decisions.TIMEOUT + "=expired", Decisions.FALLBACK + "=1", Decisions.CACHE + "=hit")) {
            assertTrue(decisions.contains(expected), expected + " in " + decisions);
        }
    }

    @Test
    void everySeededCodeChangeIsReportedAtTheFirstStepThatDiffers() {
        Backends offline = Backends.simulated(0);
        Map<String, Function<Backends, WorkflowPrimitive<SupportRequest, AgentReply>>> changes = Map.of(
                "ValidateRequest", backends -> new InstrumentedShoutingValidateRequest()
                        .then(new InstrumentedGatherContext(SupportAgent.tools(backends)))
                        .then(SupportAgent.answer(backends)).then(SupportAgent.deliver(backends))
                        .named(SupportAgent.WORKFLOW),
                "GatherContext", backends -> new InstrumentedValidateRequest()
                        .then(new InstrumentedForgetfulGatherContext(SupportAgent.tools(backends)))
                        .then(SupportAgent.answer(backends)).then(SupportAgent.deliver(backends))
                        .named(SupportAgent.WORKFLOW));
        for (Map.Entry<String, Function<Backends, WorkflowPrimitive<SupportRequest, AgentReply>>> change
                : changes.entrySet()) {
            String step = change.getKey();
            WorkflowPrimitive<SupportRequest, AgentReply> changed = change.getValue().apply(offline);
            int reported = 0;
            for (RunJournal journal : failed) {
                Optional<JournalEntry> recorded = journal.entries().stream()
                        .filter(entry -> entry.name().equals(step) && entry.failure() == null).findFirst();
                if (recorded.isEmpty()) {
                    continue; // the run failed before the changed step, or in it: the change is not reached
                }
                ReplayResult<AgentReply> result = WorkflowReplay.of(journal)
                        .substitute(Substitution.allStepsExcept(step)).run(changed, SupportRequest.class);
                Divergence first = result.firstDivergence()
                        .orElseThrow(() -> new AssertionError(step + " changed, no divergence:\n" + result.report()));
                assertEquals(recorded.get().path(), first.path(), result.report());
                assertEquals(Divergence.Kind.OUTCOME, first.kind(), result.report());
                reported++;
            }
            System.out.printf("a change in %s was reported at %s in %d of %d runs that reached it%n", step, step,
                    reported, reported);
            assertTrue(reported >= 200, step + ": " + reported + " runs reached the changed step");
        }
    }
}
