package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.compile;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every misuse of {@code @Observed} is one clear compile error on the annotated class, with a stable tag, the fix,
 * and nothing generated; never an exception, never silence.
 */
class ObservedErrorsTest {

    /** The body of a valid step, for classes whose problem lies elsewhere. */
    private static final String EXECUTE = """
                @Override
                public String execute(String input, WorkflowContext context) {
                    return input;
                }
            """;

    private static final String IMPORTS = """
            package com.acme;

            import dev.tta.workflow.context.WorkflowContext;
            import dev.tta.workflow.WorkflowPrimitive;
            import dev.tta.workflow.annotations.Observed;

            """;

    @Test
    void finalClass() {
        JavaFileObject file = step("Sealed", """
                @Observed
                public final class Sealed extends WorkflowPrimitive<String, String> {
                %s}
                """);
        Compilation compilation = compile(file);
        assertError(compilation, file, "class Sealed", "[ObservedFinal] @Observed class Sealed must not be final: "
                + "InstrumentedSealed extends it. Remove final (in Kotlin, declare the class open).");
    }

    @Test
    void privateClass() {
        JavaFileObject file = step("Outer", """
                public class Outer {
                    @Observed
                    private static class Hidden extends WorkflowPrimitive<String, String> {
                    %s}
                }
                """);
        assertError(compile(file), file, "class Hidden", "[ObservedPrivate] @Observed class Hidden must not be "
                + "private: InstrumentedOuter_Hidden is written next to it and must extend it.");
    }

    @Test
    void nestedInPrivateClass() {
        JavaFileObject file = step("Outer", """
                public class Outer {
                    private static class Hidden {
                        @Observed
                        static class Step extends WorkflowPrimitive<String, String> {
                        %s}
                    }
                }
                """);
        assertError(compile(file), file, "class Step", "[ObservedInPrivate] @Observed class Step is nested in "
                + "private class Hidden, so InstrumentedOuter_Hidden_Step cannot extend it. Make Hidden "
                + "package-private or public.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "public enum Step { ONE }           | [ObservedEnum] @Observed cannot trace enum Step: an enum cannot be "
                + "extended, so InstrumentedStep cannot exist. Declare the methods to trace in an interface that Step "
                + "implements and put @Observed on the interface.",
        "public record Step(String name) {} | [ObservedRecord] @Observed cannot trace record Step: a record is final, "
                + "so InstrumentedStep cannot extend it. Declare the methods to trace in an interface that Step "
                + "implements and put @Observed on the interface, or make Step a class.",
        "public @interface Step {}          | [ObservedAnnotationType] @Observed cannot trace annotation type Step: it "
                + "has no code to run. Remove @Observed."
    })
    void notAClassOrInterface(String declaration, String message) {
        JavaFileObject file = step("Step", "@Observed\n" + declaration + "\n");
        assertError(compile(file), file, "Step", message);
    }

    @Test
    void observedMethodOfARecord() {
        JavaFileObject file = step("Point", """
                public record Point(int x, int y) {
                    @Observed
                    public int sum() {
                        return x + y;
                    }
                }
                """);
        assertError(compile(file), file, "record Point", "[ObservedRecord] @Observed cannot trace record Point");
    }

    @Test
    void onlyPrivateConstructors() {
        JavaFileObject file = step("Singleton", """
                @Observed
                public class Singleton extends WorkflowPrimitive<String, String> {
                    public static final Singleton INSTANCE = new Singleton();

                    private Singleton() {
                    }

                %s}
                """);
        assertError(compile(file), file, "class Singleton", "[ObservedNoConstructor] Singleton has only private "
                + "constructors, so InstrumentedSingleton cannot call any of them. Make at least one constructor "
                + "package-private, protected or public.");
    }

    @Test
    void finalExecute() {
        JavaFileObject file = step("Locked", """
                @Observed
                public class Locked extends WorkflowPrimitive<String, String> {
                    @Override
                    public final String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                                """);
        assertError(compile(file), file, "class Locked", "[ObservedFinalExecute] execute is final in Locked, so "
                + "InstrumentedLocked cannot override it to trace it. Remove final from execute.");
    }

    @Test
    void finalExecuteInSuperclass() {
        JavaFileObject base = step("Base", """
                public abstract class Base extends WorkflowPrimitive<String, String> {
                    @Override
                    public final String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                                """);
        JavaFileObject file = step("Derived", """
                @Observed
                public class Derived extends Base {
                }
                                """);
        assertError(compile(base, file), file, "class Derived", "[ObservedFinalExecute] execute is final in Base");
    }

    @Test
    void executeNotImplemented() {
        JavaFileObject file = step("Template", """
                @Observed
                public abstract class Template extends WorkflowPrimitive<String, String> {
                    protected abstract String transform(String input);
                }
                                """);
        assertError(compile(file), file, "class Template", "[ObservedAbstractExecute] Template does not implement "
                + "execute, so InstrumentedTemplate has no super.execute to call. Implement execute in Template (or "
                + "in one of its superclasses).");
    }

    @Test
    void declaresName() {
        JavaFileObject file = step("Named", """
                @Observed
                public class Named extends WorkflowPrimitive<String, String> {
                    @Override
                    public String name() {
                        return "named";
                    }

                %s}
                """);
        assertError(compile(file), file, "class Named", "[ObservedNameMethod] Named declares name(), but "
                + "InstrumentedNamed overrides name() with the step name. Remove it and use @Observed(name = \"...\") "
                + "instead, so that spans, metrics and name() agree.");
    }

    @Test
    void superclassDeclaresName() {
        JavaFileObject base = step("Base", """
                public abstract class Base extends WorkflowPrimitive<String, String> {
                    @Override
                    public String name() {
                        return "base";
                    }
                }
                                """);
        JavaFileObject file = step("Derived", """
                @Observed
                public class Derived extends Base {
                %s}
                """);
        assertError(compile(base, file), file, "class Derived",
                "[ObservedNameMethod] its superclass Base declares name(), but InstrumentedDerived overrides name()");
    }

    @Test
    void blankName() {
        JavaFileObject file = step("Blank", """
                @Observed(name = "  ")
                public class Blank extends WorkflowPrimitive<String, String> {
                %s}
                """);
        assertError(compile(file), file, "name = \"  \"", "[ObservedBlankName] @Observed(name) must not be blank: "
                + "it names the step in spans, metrics and logs. Give a name, or leave name out to use the class "
                + "name \"Blank\".");
    }

    @Test
    void generatedNameTakenByAUserType() {
        JavaFileObject taken = step("InstrumentedStep", """
                public class InstrumentedStep {
                }
                                """);
        JavaFileObject file = step("Step", """
                @Observed
                public class Step extends WorkflowPrimitive<String, String> {
                %s}
                """);
        assertError(compile(taken, file), file, "class Step", "[ObservedClash] A type named com.acme.InstrumentedStep "
                + "already exists, and it is the name of the class generated for Step. Rename that type or Step.");
    }

    @Test
    void twoClassesWithTheSameGeneratedName() {
        JavaFileObject nested = step("Outer", """
                public class Outer {
                    @Observed
                    public static class Inner extends WorkflowPrimitive<String, String> {
                    %s}
                }
                """);
        JavaFileObject flat = step("Outer_Inner", """
                @Observed
                public class Outer_Inner extends WorkflowPrimitive<String, String> {
                %s}
                """);
        Compilation compilation = compile(nested, flat);
        assertThat(compilation).hadErrorContaining("[ObservedClash] com.acme.Outer.Inner already generates "
                + "com.acme.InstrumentedOuter_Inner in this compilation. Rename one of the two types.")
                .inFile(flat).onLineContaining("class Outer_Inner");
        assertEquals(1, compilation.errors().size(), () -> compilation.errors().toString());
    }

    @Test
    void severalProblemsAreReportedTogether() {
        JavaFileObject file = step("Bad", """
                @Observed
                public final class Bad extends WorkflowPrimitive<String, String> {
                    private Bad() {
                    }

                    @Override
                    public final String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                                """);
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[ObservedFinal]").inFile(file).onLineContaining("class Bad");
        assertThat(compilation).hadErrorContaining("[ObservedNoConstructor]").inFile(file)
                .onLineContaining("class Bad");
        assertThat(compilation).hadErrorContaining("[ObservedFinalExecute]").inFile(file)
                .onLineContaining("class Bad");
        assertEquals(3, compilation.errors().size(), () -> compilation.errors().toString());
    }

    @Test
    void unresolvedTypeIsReportedInTheLastRound() {
        JavaFileObject file = step("Convert", """
                @Observed
                public class Convert extends WorkflowPrimitive<Money, Money> {
                    @Override
                    public Money execute(Money input, WorkflowContext context) {
                        return input;
                    }
                }
                                """);
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorContaining("[ObservedUnresolved] InstrumentedConvert was not generated: "
                + "Convert refers to Money, which could not be resolved. If Money should be generated by another "
                + "annotation processor, look for its errors above; otherwise fix the reference.")
                .inFile(file).onLineContaining("class Convert");
        // javac's own "cannot find symbol" comes too; no stack trace from us.
        assertTrue(compilation.errors().stream()
                .noneMatch(error -> error.getMessage(null).contains("Exception")), compilation.errors()::toString);
    }

    /** A source in {@code com.acme}; a {@code %s} in the template receives a valid {@code execute}. */
    private static JavaFileObject step(String simpleName, String template) {
        return source("com.acme." + simpleName, IMPORTS + (template.contains("%s") ? template.formatted(EXECUTE)
                : template));
    }

    private static void assertError(Compilation compilation, JavaFileObject file, String line, String message) {
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
        assertTrue(compilation.diagnostics().stream()
                        .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                        .allMatch(error -> error.getMessage(null).startsWith("[Observed")),
                () -> "only our errors expected: " + compilation.errors());
    }
}
