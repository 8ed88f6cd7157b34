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
 * Every invalid or misplaced service level objective is a compile error on the annotation (and on the value, where
 * one was written), tagged and saying how to fix it; nothing is generated and the processor never crashes.
 */
class SloErrorsTest {

    private static final String IMPORTS = """
            package com.acme;

            import dev.tta.workflow.context.WorkflowContext;
            import dev.tta.workflow.WorkflowPrimitive;
            import dev.tta.workflow.annotations.AvailabilitySlo;
            import dev.tta.workflow.annotations.LatencySlo;
            import dev.tta.workflow.annotations.Observed;

            """;

    /** A step named Step whose class carries the given annotations. */
    private static JavaFileObject stepWith(String annotations) {
        return source("com.acme.Step", IMPORTS + """
                @Observed
                %s
                public class Step extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                """.formatted(annotations));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "@LatencySlo(target = 1.0)|@LatencySlo(target = 1.0) on class Step must be a share strictly between 0 and 1",
        "@LatencySlo(target = 0)|@LatencySlo(target = 0.0) on class Step must be a share strictly between 0 and 1",
        "@AvailabilitySlo(target = 99.9)|@AvailabilitySlo(target = 99.9) on class Step must be a share strictly",
        "@AvailabilitySlo(target = -0.5)|@AvailabilitySlo(target = -0.5) on class Step",
        "@AvailabilitySlo(target = Double.NaN)|@AvailabilitySlo(target = NaN) on class Step",
    })
    void aTargetOutsideZeroToOneIsAnErrorOnTheValue(String annotation, String message) {
        JavaFileObject file = stepWith(annotation);
        assertError(compile(file), file, annotation, "[SloTarget] " + message);
    }

    @Test
    void theTargetMessageSaysHowToWriteAPercentage() {
        JavaFileObject file = stepWith("@AvailabilitySlo(target = 99.9)");
        assertError(compile(file), file, "target = 99.9", "write 0.99 for 99 %, 0.999 for 99.9 %.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "@LatencySlo(thresholdMillis = 0)|thresholdMillis = 0",
        "@LatencySlo(thresholdMillis = -300)|thresholdMillis = -300",
    })
    void aThresholdThatIsNotPositiveIsAnError(String annotation, String written) {
        JavaFileObject file = stepWith(annotation);
        assertError(compile(file), file, annotation, "[SloThreshold] @LatencySlo(" + written + ") on class Step "
                + "must be greater than 0: it is the duration, in milliseconds, within which an execution is good.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "@LatencySlo(periodDays = 0)|@LatencySlo(periodDays = 0)",
        "@AvailabilitySlo(periodDays = 366)|@AvailabilitySlo(periodDays = 366)",
        "@AvailabilitySlo(periodDays = -30)|@AvailabilitySlo(periodDays = -30)",
    })
    void aPeriodOutsideOneToThreeHundredSixtyFiveDaysIsAnError(String annotation, String written) {
        JavaFileObject file = stepWith(annotation);
        assertError(compile(file), file, annotation, "[SloPeriod] " + written + " on class Step must be between 1 "
                + "and 365: it is the rolling compliance period, in days (30 when left out).");
    }

    @Test
    void everyInvalidValueOfOneAnnotationIsReported() {
        JavaFileObject file = stepWith("@LatencySlo(target = 2, thresholdMillis = 0, periodDays = 0)");
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorContaining("[SloTarget]");
        assertThat(compilation).hadErrorContaining("[SloThreshold]");
        assertThat(compilation).hadErrorContaining("[SloPeriod]");
        assertEquals(3, compilation.errors().size(), compilation.errors()::toString);
    }

    /**
     * javac places errors on a repeated annotation on the annotated element (the compiler wraps them in a container
     * that has no place in the source), so the message names the offending values.
     */
    @Test
    void anErrorInARepeatedAnnotationNamesTheOffendingValue() {
        JavaFileObject file = stepWith("""
                @LatencySlo(target = 0.99, thresholdMillis = 300)
                @LatencySlo(target = 0.9, thresholdMillis = -1)""");
        assertError(compile(file), file, "public class Step", "[SloThreshold] @LatencySlo(thresholdMillis = -1)");
    }

    @Test
    void twoObjectivesWithTheSameDefaultNameAreAnError() {
        JavaFileObject file = stepWith("""
                @LatencySlo(target = 0.99)
                @LatencySlo(target = 0.9)""");
        assertError(compile(file), file, "public class Step", "[SloDuplicateName] class Step has two "
                + "objectives named \"latency-300ms\": each objective of a primitive needs a name of its own, the "
                + "workflow.slo.name of its metrics. Give one of them another name = \"...\".");
    }

    @Test
    void aLatencyObjectiveNamedLikeTheAvailabilityOneIsAnError() {
        JavaFileObject file = stepWith("""
                @LatencySlo(name = "availability")
                @AvailabilitySlo""");
        assertError(compile(file), file, "@AvailabilitySlo", "[SloDuplicateName] class Step has two objectives "
                + "named \"availability\"");
    }

    @Test
    void aBlankNameIsAnError() {
        JavaFileObject file = stepWith("@LatencySlo(name = \" \", thresholdMillis = 250)");
        assertError(compile(file), file, "name = \" \"", "[SloBlankName] @LatencySlo(name) on class Step must not be "
                + "blank: it is the workflow.slo.name of the objective's metrics. Give a name, or leave name out for "
                + "\"latency-250ms\".");
    }

    @Test
    void anObjectiveOnAClassWithoutObservedIsAnError() {
        JavaFileObject file = source("com.acme.Plain", IMPORTS + """
                @AvailabilitySlo
                public class Plain extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                """);
        assertError(compile(file), file, "@AvailabilitySlo", "[SloWithoutObserved] The service level objective on "
                + "class Plain applies to nothing: Plain does not carry @Observed, so it is not traced. Put @Observed "
                + "on Plain (or on the methods to trace, with their objectives), or remove the objective.");
    }

    @Test
    void anObjectiveOnAClassWhoseMethodsAloneAreObservedIsAnError() {
        JavaFileObject file = source("com.acme.Service", IMPORTS + """
                @LatencySlo
                public class Service {
                    @Observed
                    public void run() {
                    }
                }
                """);
        assertError(compile(file), file, "@LatencySlo", "[SloWithoutObserved] The service level objective on class "
                + "Service applies to nothing: Service does not carry @Observed itself (only some of its methods do). "
                + "Put the objective on those methods, or @Observed on Service, or remove the objective.");
    }

    @Test
    void anObjectiveOnAMethodOfATypeWithoutObservedIsAnError() {
        JavaFileObject file = source("com.acme.Service", IMPORTS + """
                public class Service {
                    @AvailabilitySlo
                    public void run() {
                    }
                }
                """);
        assertError(compile(file), file, "@AvailabilitySlo", "[SloUntraced] The service level objective on method "
                + "run() applies to nothing: run() is not traced, as neither it nor Service carries @Observed. Put "
                + "@Observed on run(), or remove the objective.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "private void run() {}|it is private",
        "public static void run() {}|it is static",
        "@Observed.Exclude public void run() {}|it carries @Observed.Exclude",
        "void run() {}|@Observed on a class traces its public and protected methods only",
    })
    void anObjectiveOnAMethodThatIsNotTracedIsAnError(String method, String reason) {
        JavaFileObject file = source("com.acme.Service", IMPORTS + """
                @Observed
                public class Service {
                    @LatencySlo
                    %s
                }
                """.formatted(method));
        assertError(compile(file), file, "@LatencySlo", "[SloUntraced] The service level objective on method run() "
                + "applies to nothing: run() is not traced, as " + reason + ". Put @Observed on run() (which must be "
                + "neither private, static nor final), or remove the objective.");
    }

    @Test
    void anObjectiveOnAStaticInterfaceMethodIsAnError() {
        JavaFileObject file = source("com.acme.Repository", IMPORTS + """
                @Observed
                public interface Repository {
                    String find(String id);

                    @AvailabilitySlo
                    static Repository empty() {
                        return id -> null;
                    }
                }
                """);
        assertError(compile(file), file, "@AvailabilitySlo", "[SloUntraced] The service level objective on method "
                + "empty() applies to nothing: empty() is not traced, as it is static.");
    }

    @Test
    void anObjectiveOnAStepsExecuteBelongsOnItsClass() {
        JavaFileObject file = source("com.acme.Step", IMPORTS + """
                @Observed
                public class Step extends WorkflowPrimitive<String, String> {
                    @Override
                    @AvailabilitySlo
                    public String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                """);
        assertError(compile(file), file, "@AvailabilitySlo", "[SloOnExecute] The service level objective on method "
                + "execute() applies to nothing: execute() runs the workflow step, whose objectives are declared on "
                + "its class. Move the objective to class Step, or remove the objective.");
    }

    @Test
    void overloadsTracedAsOnePrimitiveMustDeclareTheSameObjectives() {
        JavaFileObject file = source("com.acme.Repository", IMPORTS + """
                @Observed
                public class Repository {
                    public String find(String id) {
                        return id;
                    }

                    @AvailabilitySlo(target = 0.9)
                    public String find(String id, int version) {
                        return id;
                    }
                }
                """);
        assertError(compile(file), file, "public String find(String id, int version)", "[SloConflict] find() is "
                + "traced as \"Repository.find\", like find() before it: one primitive, so their objectives and "
                + "workflow must be the same. Declare the same ones, or give find() a name of its own with "
                + "@Observed(name = \"...\").");
    }

    @Test
    void methodsSharingASpanNameMustShareTheirWorkflow() {
        JavaFileObject file = source("com.acme.Repository", IMPORTS + """
                public class Repository {
                    @Observed(name = "repository.read", workflow = "checkout")
                    public String find(String id) {
                        return id;
                    }

                    @Observed(name = "repository.read", workflow = "refund")
                    public String load(String id) {
                        return id;
                    }
                }
                """);
        assertError(compile(file), file, "public String load(String id)", "[SloConflict] load() is traced as "
                + "\"repository.read\", like find() before it");
    }

    @Test
    void aBlankWorkflowIsAnErrorOnTheTypeAndOnAMethod() {
        JavaFileObject file = source("com.acme.Service", IMPORTS + """
                @Observed(workflow = "  ")
                public class Service {
                    @Observed(workflow = "")
                    public void run() {
                    }

                    @Observed(workflow = "\\t")
                    public void stop() {
                    }
                }
                """);
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorContaining("[ObservedBlankWorkflow] @Observed(workflow) must not be blank: "
                + "it names the workflow of Service in the generated dashboards and alert rules. Give the name passed "
                + "to WorkflowContext.start(name), or leave workflow out.").inFile(file)
                .onLineContaining("workflow = \"  \"");
        assertThat(compilation).hadErrorContaining("[ObservedBlankWorkflow] @Observed(workflow) must not be blank: "
                + "it names the workflow of stop() in").inFile(file).onLineContaining("workflow = \"\\t\"");
        assertEquals(2, compilation.errors().size(), compilation.errors()::toString);
    }

    @Test
    void validObjectivesEverywhereTheyApplyCompileWithoutWarnings() {
        JavaFileObject file = source("com.acme.Service", IMPORTS + """
                @Observed(workflow = "checkout")
                @LatencySlo(target = 0.5, thresholdMillis = 1, periodDays = 1)
                @AvailabilitySlo(target = 0.99999, periodDays = 365)
                public class Service {
                    @LatencySlo(name = "latency-1ms", target = 0.9, thresholdMillis = 1)
                    public void run() {
                    }

                    @Observed(name = "service.stop")
                    @LatencySlo(name = "p50", target = 0.5, thresholdMillis = 9000000000L)
                    protected void stop() {
                    }
                }
                """);
        assertThat(compile(file)).succeededWithoutWarnings();
    }

    private static void assertError(Compilation compilation, JavaFileObject file, String line, String message) {
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
        assertTrue(compilation.diagnostics().stream()
                        .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                        .allMatch(error -> error.getMessage(null).startsWith("[Slo")),
                () -> "only our errors expected: " + compilation.errors());
    }
}
