package dev.tta.workflow.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.replay.shop.InstrumentedPickUp;
import dev.tta.workflow.replay.shop.InstrumentedValidate;
import dev.tta.workflow.replay.shop.Order;
import dev.tta.workflow.replay.shop.Shipment;
import dev.tta.workflow.replay.shop.Shop;
import dev.tta.workflow.replay.shop.World;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.test.TestTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording runs of a workflow that uses every deciding primitive, and replaying them offline: the same outcome and
 * tree, no call to the outside world, spans marked as replayed, and a changed step reported where it first differs.
 */
class ReplayTest {

    private static List<RunJournal> journals;

    @BeforeAll
    static void recordRuns() throws Exception {
        journals = Orders.record(Shop.create(new World(11)), Orders.draw(11, 150));
    }

    @Test
    void theRecordedRunsUseEveryDecisionAReplayRepeats() {
        Set<String> seen = new HashSet<>();
        for (RunJournal journal : journals) {
            for (JournalEntry entry : journal.entries()) {
                for (RecordedDecision decision : entry.decisions()) {
                    seen.add(decision.kind() + (decision.kind().equals(Decisions.RETRY) ? ""
                            : "=" + decision.value()));
                }
            }
        }
        for (String expected : List.of(Decisions.ROUTE + "=express", Decisions.ROUTE + "=standard",
                Decisions.RETRY, Decisions.FALLBACK + "=1", Decisions.CACHE + "=hit", Decisions.CACHE + "=miss",
                Decisions.TIMEOUT + "=expired", Decisions.TIMEOUT + "=in_time", Decisions.CIRCUIT + "=permitted",
                Decisions.CIRCUIT + "=rejected", Decisions.BRANCH + "=then", Decisions.BRANCH + "=otherwise")) {
            assertTrue(seen.contains(expected), expected + " in " + seen);
        }
        long failed = journals.stream().filter(RunJournal::failed).count();
        assertTrue(failed >= 30 && failed < journals.size(), failed + " of " + journals.size() + " runs failed");
    }

    @Test
    void everyRecordedRunReplaysToTheSameOutcomeAndTreeWithoutCallingTheOutsideWorld() {
        World offline = new World(-1);
        WorkflowPrimitive<Order, Shipment> shop = Shop.create(offline);
        for (RunJournal journal : journals) {
            ReplayResult<Shipment> result = WorkflowReplay.of(journal).run(shop, Order.class);
            result.assertReproduced();
            if (journal.failed()) {
                assertNotNull(result.failure());
                assertEquals(journal.root().failure(), RecordedFailure.of(result.failure()));
            } else {
                assertEquals(journal.root().output(), ReplayTestSupport.json(result.output()));
            }
        }
        assertEquals(0, offline.calls(), "a replay substituting every step calls nothing outside");
    }

    @Test
    void aChangedStepIsReportedAtTheFirstExecutionThatDiffers() throws Exception {
        // The change under study: validation upper-cases the customer's name.
        World offline = new World(-1);
        WorkflowPrimitive<Order, Shipment> changed = Shop.create(offline, () -> new InstrumentedValidate(true),
                new InstrumentedPickUp());
        int checked = 0;
        for (RunJournal journal : journals) {
            JournalEntry validate = journal.entries().get(1);
            assertEquals("shop/validate[step 0]", validate.path());
            ReplayResult<Shipment> result = WorkflowReplay.of(journal)
                    .substitute(Substitution.allStepsExcept("validate"))
                    .run(changed, Order.class);
            if (validate.failure() != null) {
                // Nothing to change for an order without items: it fails the same way.
                result.assertReproduced();
                continue;
            }
            checked++;
            Divergence first = result.firstDivergence().orElseThrow(() -> new AssertionError(result.report()));
            assertEquals(Divergence.Kind.OUTCOME, first.kind(), result.report());
            assertEquals(validate.path(), first.path());
            String customer = new ObjectMapper().readTree(validate.output()).get("customer").asText();
            assertTrue(first.recorded().contains("\"customer\":\"" + customer + "\""), first.toString());
            assertTrue(first.live().contains("\"customer\":\"" + customer.toUpperCase(Locale.ROOT) + "\""),
                    first.toString());
            assertFalse(result.reproduced());
        }
        assertTrue(checked > 100, checked + " runs checked");
    }

    @Test
    void aChangedFallbackIsReportedWhereItRan() {
        WorkflowPrimitive<Order, Shipment> changed = Shop.create(new World(-1), InstrumentedValidate::new,
                new InstrumentedPickUp("collect in store"));
        int checked = 0;
        for (RunJournal journal : journals) {
            JournalEntry pickUp = journal.entries().stream().filter(entry -> entry.name().equals("pick-up"))
                    .findFirst().orElse(null);
            if (pickUp == null) {
                continue;
            }
            ReplayResult<Shipment> result = WorkflowReplay.of(journal)
                    .substitute(Substitution.allStepsExcept("pick-up"))
                    .run(changed, Order.class);
            checked++;
            Divergence first = result.firstDivergence().orElseThrow(() -> new AssertionError(result.report()));
            assertEquals(pickUp.path(), first.path(), result.report());
            assertEquals(Divergence.Kind.OUTCOME, first.kind());
            assertTrue(first.live().contains("collect in store"), first.live());
        }
        assertTrue(checked >= 5, checked + " runs fell back to pick-up");
    }

    @Test
    void aReplayedRunsSpansSayItIsAReplayAndWhichStepsDidNotRun() {
        RunJournal journal = journals.stream().filter(RunJournal::failed).findFirst().orElseThrow();
        try (TestTelemetry telemetry = TestTelemetry.open(); var current = telemetry.makeCurrent()) {
            WorkflowReplay.of(journal).run(Shop.create(new World(-1)), Order.class).assertReproduced();
            List<SpanData> spans = telemetry.spans();
            assertFalse(spans.isEmpty());
            for (SpanData span : spans) {
                if (span.getName().equals(TelemetryNames.FALLBACK_ALTERNATIVE_SPAN)) {
                    continue; // phases of a primitive, not executions
                }
                assertEquals(Boolean.TRUE, span.getAttributes().get(TelemetryNames.REPLAY), span.getName());
                boolean step = TelemetryNames.TYPE_STEP.equals(span.getAttributes()
                        .get(TelemetryNames.PRIMITIVE_TYPE));
                assertEquals(step ? Boolean.TRUE : null, span.getAttributes().get(TelemetryNames.REPLAY_SUBSTITUTED),
                        span.getName());
            }
        }
    }

    @Test
    void aJournalReadsBackFromItsFileAsTheSameRun(@TempDir Path directory) throws Exception {
        for (RunJournal journal : journals.subList(0, 30)) {
            StringWriter text = new StringWriter();
            journal.write(text);
            RunJournal read = RunJournal.read(new StringReader(text.toString()));
            assertTrue(journal.sameTree(read), journal.tree() + "\n" + read.tree());
            assertEquals(journal.workflowId(), read.workflowId());
            assertEquals(journal.entries().size(), read.entries().size());
            WorkflowReplay.of(read).run(Shop.create(new World(-1)), Order.class).assertReproduced();
        }
        Path file = directory.resolve("one.jsonl");
        journals.get(0).write(file);
        assertTrue(WorkflowReplay.of(file).run(Shop.create(new World(-1)), Order.class).reproduced());
    }

    @Test
    void aDirectoryStoreKeepsTheFailedRunsOnly(@TempDir Path directory) throws Exception {
        DirectoryJournalStore store = JournalStore.directory(directory);
        List<Order> orders = Orders.draw(12, 40);
        try (WorkflowJournal journal = WorkflowJournal.builder().workflows(Shop.WORKFLOW).store(store)
                .retention(Retention.failed()).start()) {
            Orders.run(Shop.create(new World(12)), orders);
            journal.flush();
        }
        List<Path> files = store.files();
        assertFalse(files.isEmpty());
        for (Path file : files) {
            RunJournal journal = RunJournal.read(file);
            assertTrue(journal.failed(), file.toString());
            assertEquals(DirectoryJournalStore.fileName(journal), file.getFileName().toString());
        }
        try (var partial = Files.list(directory)) {
            assertEquals(files.size(), partial.count(), "no temporary file is left behind");
        }
    }

    @Test
    void theDefaultRetentionKeepsWhatTheTailSamplerKeeps() {
        Retention tail = Retention.likeTailSampling(Duration.ofHours(1));
        int kept = 0;
        for (RunJournal journal : journals) {
            boolean retried = journal.entries().stream().anyMatch(entry -> entry.name().equals("ship.timeout")
                    && entry.path().endsWith("#2"));
            boolean fellBack = journal.entries().stream().anyMatch(entry -> entry.name().equals("pick-up"));
            boolean keep = journal.failed() || retried || fellBack;
            assertEquals(keep, tail.keep(journal), journal.tree());
            kept += keep ? 1 : 0;
        }
        assertTrue(kept > journals.stream().filter(RunJournal::failed).count(), "retried runs are kept too");
        assertTrue(kept < journals.size(), "clean runs are not");
        assertTrue(Retention.failedOrSlowerThan(Duration.ZERO).keep(journals.get(0)), "every run took some time");
        assertFalse(Retention.failed().keep(journals.stream().filter(run -> !run.failed()).findFirst()
                .orElseThrow()));
    }

    @Test
    void noSecretOfTheOrdersReachesAJournal() throws Exception {
        for (RunJournal journal : journals) {
            StringWriter text = new StringWriter();
            journal.write(text);
            assertFalse(text.toString().contains("SECRET-"), text.toString());
            assertTrue(text.toString().contains("\"cvv\":\"***\""));
            assertTrue(text.toString().contains("\"Authorization\":\"***\""));
        }
    }

    @Test
    void runsOfOtherWorkflowsAndRunsStartedWithoutAJournalAreNotRecorded() throws Exception {
        WorkflowPrimitive<Order, Shipment> shop = Shop.create(new World(3));
        List<Order> orders = Orders.draw(3, 5);
        Orders.run(shop, orders); // no journal started: nothing to record into
        try (WorkflowJournal journal = WorkflowJournal.builder().workflows("another-workflow")
                .retention(Retention.all()).start()) {
            Orders.run(shop, orders);
            journal.flush();
            assertEquals(List.of(), journal.recent());
        }
    }

    @Test
    void aRecordedOutputThatCannotBeReadBackFailsTheReplayThereRatherThanCallTheStep() {
        RunJournal journal = journals.stream().filter(run -> !run.failed()).findFirst().orElseThrow();
        List<JournalEntry> entries = new ArrayList<>();
        for (JournalEntry entry : journal.entries()) {
            entries.add(entry.name().equals("validate") ? new JournalEntry(entry.seq(), entry.parent(),
                    entry.path(), entry.name(), entry.type(), entry.input(), "{\"id\": [1, 2]}", entry.outputClass(), null,
                    entry.decisions(), entry.startNanos(), entry.durationNanos(), false) : entry);
        }
        RunJournal broken = new RunJournal(journal.workflowName(), journal.workflowId(), journal.traceId(),
                journal.recordedAt(), null, false, journal.masked(), entries);
        World offline = new World(-1);
        ReplayResult<Shipment> result = WorkflowReplay.of(broken).run(Shop.create(offline), Order.class);
        ReplayException failure = assertInstanceOf(ReplayException.class, result.failure());
        assertTrue(failure.getMessage().contains("does not read back as " + Order.class.getName()),
                failure.getMessage());
        assertEquals(0, offline.calls());
    }
}
