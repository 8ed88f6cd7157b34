package dev.tta.workflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.annotations.WorkflowGenerated;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shapes a user writes, compiled by the real build with -Werror and run against the SDK. */
class GeneratedShapesTest {

    private Sdk sdk;

    @BeforeEach
    void install() {
        sdk = Sdk.installed();
    }

    @AfterEach
    void close() {
        sdk.close();
    }

    /** A generic step with a recursive bound. */
    @Observed
    public static class Largest<T extends Comparable<T>> extends WorkflowPrimitive<List<T>, T> {
        @Override
        public T execute(List<T> values, WorkflowContext context) {
            T best = values.get(0);
            for (T value : values) {
                if (value.compareTo(best) > 0) {
                    best = value;
                }
            }
            return best;
        }
    }

    /** Several constructors, one of them varargs and one throwing a checked exception. */
    @Observed(name = "join")
    public static class Join extends WorkflowPrimitive<String, String> {
        private final String separator;
        private final List<String> suffixes;

        /** Joins with a comma. */
        public Join() {
            this(",");
        }

        /**
         * @param separator the separator
         * @param suffixes appended after the input
         */
        public Join(String separator, String... suffixes) {
            this.separator = separator;
            this.suffixes = List.of(suffixes);
        }

        /**
         * @param fail whether to refuse to be created
         * @throws IOException if asked to
         */
        protected Join(boolean fail) throws IOException {
            this("+");
            if (fail) {
                throw new IOException("refused");
            }
        }

        @Override
        public String execute(String input, WorkflowContext context) throws IOException {
            if (input.isEmpty()) {
                throw new IOException("nothing to join");
            }
            return input + separator + String.join(separator, suffixes);
        }
    }

    @Test
    void genericStepKeepsItsTypeParameters() throws Exception {
        InstrumentedGeneratedShapesTest_Largest<Integer> largest = new InstrumentedGeneratedShapesTest_Largest<>();

        assertEquals(7, largest.execute(List.of(3, 7, 5), WorkflowContext.start("shapes")));
        assertEquals("Largest", sdk.named("Largest").getName());
    }

    @Test
    void everyConstructorIsMirroredAndCheckedExceptionsPassThrough() throws Exception {
        WorkflowContext context = WorkflowContext.start("shapes");
        assertEquals("a,", new InstrumentedGeneratedShapesTest_Join().execute("a", context));
        assertEquals("a-x-y", new InstrumentedGeneratedShapesTest_Join("-", "x", "y").execute("a", context));
        assertEquals("a+", new InstrumentedGeneratedShapesTest_Join(false).execute("a", context));
        assertThrows(IOException.class, () -> new InstrumentedGeneratedShapesTest_Join(true));

        IOException failure = assertThrows(IOException.class,
                () -> new InstrumentedGeneratedShapesTest_Join().execute("", context));
        assertEquals("nothing to join", failure.getMessage());
        assertEquals("join", new InstrumentedGeneratedShapesTest_Join().name());
        assertEquals(4, sdk.finished().stream().filter(s -> s.getName().equals("join")).count());
    }

    @Test
    void generatedClassesCarryTheClassRetainedGeneratedMarker() {
        // CLASS retention is invisible to reflection; check the class file for the annotation's descriptor.
        String descriptor = "L" + WorkflowGenerated.class.getName().replace('.', '/') + ";";
        assertTrue(classFileContains(InstrumentedGeneratedShapesTest_Join.class, descriptor),
                "JaCoCo and other tools see the generated class as generated");
    }

    private static boolean classFileContains(Class<?> type, String text) {
        String resource = type.getName().replace('.', '/') + ".class";
        try (var in = type.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
