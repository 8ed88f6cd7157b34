package dev.tta.workflow.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a journal does with values it must not or cannot record in full, and with files that are not journals:
 * markers instead of failures, the workflow's result unchanged, clear errors.
 */
class JournalBoundsTest {

    /** A value whose getter throws: it does not serialise. */
    public static final class Explosive {
        public String getState() {
            throw new IllegalStateException("not today");
        }
    }

    /** Two executions, each passing its input on. */
    private static final WorkflowPrimitive<Object, Object> ECHO = Workflows.sequence(Workflows.sequence(
            (WorkflowPrimitive<Object, Object>) new WorkflowPrimitive<Object, Object>() {
                @Override
                public Object execute(Object input, WorkflowContext context) {
                    return input;
                }
            }).named("inner")).named("echo");

    private static RunJournal recordOne(Object input, WorkflowJournal.Builder builder) throws Exception {
        try (WorkflowJournal journal = builder.workflows("bounds").retention(Retention.all()).start()) {
            Object output = ECHO.execute(input, WorkflowContext.start("bounds"));
            assertTrue(output == input, "the workflow's result is the same object, whatever the journal did");
            journal.flush();
            return journal.recent().get(0);
        }
    }

    @Test
    void aValueLargerThanTheBoundIsRecordedAsItsSizeAndHash() throws Exception {
        String large = "x".repeat(10_000);
        RunJournal journal = recordOne(large, WorkflowJournal.builder().maxValueBytes(1_000));
        String input = journal.root().input();
        assertTrue(input.startsWith("{\"" + JsonValues.TRUNCATED + "\""), input);
        assertTrue(input.contains("\"bytes\":10002") && input.contains("\"sha256\":\""), input);
        assertFalse(journal.root().substitutable(), "a cut output cannot stand in for a step");
    }

    @Test
    void aRunPastItsBoundKeepsItsTreeAndMarksWhatWasLeftOut() throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            items.add("item-" + i + "-" + "y".repeat(40));
        }
        RunJournal journal = recordOne(items, WorkflowJournal.builder().maxRunBytes(3_000));
        assertTrue(journal.truncated());
        assertEquals(2, journal.entries().size(), "every execution is still in the tree");
        assertFalse(journal.root().input().contains(JsonValues.OMITTED), "the first values fit");
        assertTrue(journal.entries().get(1).input().startsWith("{\"" + JsonValues.OMITTED + "\""));
        assertTrue(journal.root().output().startsWith("{\"" + JsonValues.OMITTED + "\""));
    }

    @Test
    void aValueThatDoesNotSerialiseIsRecordedAsSuchAndTheWorkflowRunsOn() throws Exception {
        RunJournal journal = recordOne(new Explosive(), WorkflowJournal.builder());
        String input = journal.root().input();
        assertTrue(input.startsWith("{\"" + JsonValues.UNSERIALISABLE + "\""), input);
        assertTrue(input.contains(Explosive.class.getName()), input);

        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        String cyclic = recordOne(cycle, WorkflowJournal.builder()).root().input();
        assertTrue(cyclic.startsWith("{\"" + JsonValues.UNSERIALISABLE + "\""), cyclic);
    }

    @Test
    void aFileThatIsNotAJournalSaysWhereAndWhy(@TempDir Path directory) throws Exception {
        JournalFormatException notJson = assertThrows(JournalFormatException.class, () -> RunJournal.read(
                new StringReader("{\"journal\":\"tta-workflow\",\"version\":1}\nnot json\n")));
        assertTrue(notJson.getMessage().contains("line 2 is not JSON"), notJson.getMessage());
        JournalFormatException other = assertThrows(JournalFormatException.class,
                () -> RunJournal.read(new StringReader("{\"hello\":1}\n")));
        assertTrue(other.getMessage().contains("not a tta-workflow journal header"), other.getMessage());
        JournalFormatException version = assertThrows(JournalFormatException.class,
                () -> RunJournal.read(new StringReader("{\"journal\":\"tta-workflow\",\"version\":9}\n")));
        assertTrue(version.getMessage().contains("version 9"), version.getMessage());
        Path empty = Files.writeString(directory.resolve("empty.jsonl"), "");
        JournalFormatException nothing = assertThrows(JournalFormatException.class, () -> RunJournal.read(empty));
        assertTrue(nothing.getMessage().contains("is empty"), nothing.getMessage());
    }

    @Test
    void configurationNamesTheWorkflowsTheDirectoryAndTheRetention(@TempDir Path directory) throws Exception {
        assertTrue(WorkflowJournal.startFromConfiguration().isEmpty(), "no journal unless configured");
        System.setProperty("tta.workflow.journal", "bounds, other");
        System.setProperty("tta.workflow.journal.dir", directory.toString());
        System.setProperty("tta.workflow.journal.retention", "all");
        try (WorkflowJournal journal = WorkflowJournal.startFromConfiguration().orElseThrow()) {
            ECHO.execute("hello", WorkflowContext.start("bounds"));
            ECHO.execute("not recorded", WorkflowContext.start("unnamed"));
            journal.flush();
            assertEquals(1, journal.recent().size());
        } finally {
            System.clearProperty("tta.workflow.journal");
            System.clearProperty("tta.workflow.journal.dir");
            System.clearProperty("tta.workflow.journal.retention");
        }
        assertEquals(1, JournalStore.directory(directory).files().size());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> WorkflowJournal.parseRetention("sometimes"));
        assertTrue(bad.getMessage().contains("all, failed, slow:<milliseconds> or tail:<milliseconds>"),
                bad.getMessage());
        assertThrows(IllegalStateException.class, () -> WorkflowJournal.builder().start());
        assertThrows(IllegalArgumentException.class, () -> WorkflowJournal.builder().mask("--"));
        assertEquals(Set.of("nickname"), recordOne("x", WorkflowJournal.builder().mask("Nick_Name")).masked());
    }
}
