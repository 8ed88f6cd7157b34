package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.compile;
import static dev.tta.workflow.processor.Sources.compileLenient;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The diagnostics of classes, interfaces and methods that are not workflow steps: every misuse of {@code @Observed},
 * {@code @Observed.Exclude} or {@code @Observed.Attribute} is one error on the offending element, with a stable tag
 * and the fix, and nothing is generated; an {@code @Observed} that would trace nothing is a warning.
 */
class MethodErrorsTest {

    private static final String IMPORTS = """
            package com.acme;

            import dev.tta.workflow.context.WorkflowContext;
            import dev.tta.workflow.WorkflowPrimitive;
            import dev.tta.workflow.annotations.Observed;
            import java.util.List;

            """;

    @Test
    void staticMethod() {
        JavaFileObject file = type("Service", """
                public class Service {
                    @Observed
                    public static String build(String input) {
                        return input;
                    }
                }
                """);
        assertError(file, "static String build", "[ObservedStaticMethod] @Observed method build() is static, and a "
                + "static method cannot be overridden, so InstrumentedService cannot trace it. Make it an instance "
                + "method, or remove @Observed.");
    }

    @Test
    void privateMethod() {
        JavaFileObject file = type("Service", """
                @Observed
                public class Service {
                    @Observed
                    private String hidden(String input) {
                        return input;
                    }
                }
                """);
        assertError(file, "private String hidden", "[ObservedPrivateMethod] @Observed method hidden() is private, "
                + "so InstrumentedService cannot override it to trace it. Make it package-private, protected or "
                + "public, or remove @Observed.");
    }

    @Test
    void finalMethod() {
        JavaFileObject file = type("Service", """
                public class Service {
                    @Observed
                    public final String locked(String input) {
                        return input;
                    }
                }
                """);
        assertError(file, "final String locked", "[ObservedFinalMethod] @Observed method locked() is final, so "
                + "InstrumentedService cannot override it to trace it. Remove final, or remove @Observed.");
    }

    @Test
    void abstractMethod() {
        JavaFileObject file = type("Template", """
                public abstract class Template {
                    @Observed
                    protected abstract String render(String input);
                }
                """);
        assertError(file, "abstract String render", "[ObservedAbstractMethod] @Observed method render() is "
                + "abstract, so InstrumentedTemplate has no implementation of it to call. Put @Observed on the method "
                + "that implements it, in the subclass.");
    }

    @Test
    void observedMethodInAFinalClass() {
        JavaFileObject file = type("Service", """
                public final class Service {
                    @Observed
                    public String run(String input) {
                        return input;
                    }
                }
                """);
        assertError(file, "final class Service", "[ObservedFinal] Class Service (which has @Observed methods) must "
                + "not be final: InstrumentedService extends it. Remove final (in Kotlin, declare the class open).");
    }

    @Test
    void sealedClass() {
        JavaFileObject file = type("Shape", """
                @Observed
                public sealed class Shape permits Shape.Circle {
                    public double area() {
                        return 0;
                    }

                    public static final class Circle extends Shape {
                    }
                }
                """);
        assertError(file, "sealed class Shape", "[ObservedSealed] @Observed class Shape is sealed, and "
                + "InstrumentedShape is not among its permitted subtypes. Make it non-sealed, or put @Observed on its "
                + "permitted subtypes instead.");
    }

    @Test
    void privateInterface() {
        JavaFileObject file = type("Outer", """
                public class Outer {
                    @Observed
                    private interface Api {
                        String call();
                    }
                }
                """);
        assertError(file, "interface Api", "[ObservedPrivate] @Observed interface Api must not be private: "
                + "InstrumentedOuter_Api is written next to it and must implement it. Make it package-private or "
                + "public.");
    }

    @Test
    void staticAndPrivateInterfaceMethods() {
        JavaFileObject file = type("Api", """
                @Observed
                public interface Api {
                    String call();

                    @Observed
                    static Api create() {
                        return null;
                    }

                    @Observed
                    private String helper() {
                        return "";
                    }
                }
                """);
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorContaining("[ObservedStaticMethod] @Observed method create() is static: "
                + "calls to it never go through InstrumentedApi, so it cannot be traced. Make it a default method, or "
                + "remove @Observed.").inFile(file).onLineContaining("static Api create");
        assertThat(compilation).hadErrorContaining("[ObservedPrivateMethod] @Observed method helper() is private, "
                + "so InstrumentedApi cannot override it to trace it. Make it a default method, or remove @Observed.")
                .inFile(file).onLineContaining("private String helper");
        assertEquals(2, compilation.errors().size(), compilation.errors()::toString);
    }

    @Test
    void observedAndExcluded() {
        JavaFileObject file = type("Service", """
                @Observed
                public class Service {
                    @Observed
                    @Observed.Exclude
                    public String undecided(String input) {
                        return input;
                    }
                }
                """);
        assertError(file, "String undecided", "[ObservedExcludeConflict] undecided() carries both @Observed and "
                + "@Observed.Exclude. Keep one of them.");
    }

    @Test
    void observedExecuteInAnObservedStep() {
        JavaFileObject file = type("Step", """
                @Observed
                public class Step extends WorkflowPrimitive<String, String> {
                    @Observed
                    @Override
                    public String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                """);
        assertError(file, "String execute", "[ObservedOnExecute] execute() is traced already, as the workflow step: "
                + "remove @Observed from execute().");
    }

    @Test
    void observedExecuteInAStepWithoutObservedOnTheClass() {
        JavaFileObject file = type("Step", """
                public class Step extends WorkflowPrimitive<String, String> {
                    @Observed
                    @Override
                    public String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                """);
        assertError(file, "String execute", "[ObservedOnExecute] A workflow step is traced through its class, so "
                + "that the span of execute() is a child of its WorkflowContext's span: move @Observed from execute() "
                + "to class Step.");
    }

    @Test
    void blankMethodName() {
        JavaFileObject file = type("Service", """
                public class Service {
                    @Observed(name = " ")
                    public String run(String input) {
                        return input;
                    }
                }
                """);
        assertError(file, "name = \" \"", "[ObservedBlankName] @Observed(name) must not be blank: it names the span "
                + "of run() and its metrics. Give a name, or leave name out to use \"Service.run\".");
    }

    @Test
    void blankTypeName() {
        JavaFileObject file = type("Service", """
                @Observed(name = "\\t")
                public class Service {
                    public String run(String input) {
                        return input;
                    }
                }
                """);
        assertError(file, "name = \"\\t\"", "[ObservedBlankName] @Observed(name) must not be blank: it stands for "
                + "Service in the span names of its methods. Give a name, or leave name out to use \"Service\".");
    }

    @Test
    void privateTypeInASignature() {
        JavaFileObject file = type("Service", """
                @Observed
                public class Service {
                    private static final class Token {
                    }

                    public Service() {
                    }

                    Service(Token token) {
                    }

                    @Observed
                    protected void use(List<? extends Token> tokens) {
                    }
                }
                """);
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorContaining("[ObservedPrivateType] use() refers to private type "
                + "com.acme.Service.Token, which InstrumentedService cannot name to override use(). Make Token "
                + "package-private, or stop tracing use().").inFile(file).onLineContaining("void use");
        assertThat(compilation).hadErrorContaining("[ObservedPrivateType] This constructor refers to private type "
                + "com.acme.Service.Token, which InstrumentedService cannot name to mirror it. Make Token "
                + "package-private, or the constructor private.").inFile(file).onLineContaining("Service(Token");
        assertEquals(2, compilation.errors().size(), compilation.errors()::toString);
    }

    @Test
    void typeParameterHidingTheOuterOne() {
        JavaFileObject file = type("Outer", """
                public class Outer<T> {
                    @Observed
                    public class Inner<T> {
                        public T echo(T value) {
                            return value;
                        }
                    }
                }
                """);
        assertError(file, "class Inner", "[ObservedTypeParameterClash] Type parameter T of Inner hides the one of "
                + "Outer, and InstrumentedOuter_Inner must declare both. Rename one of them.");
    }

    // Parameter attributes.

    @Test
    void attributeOnAMethodOfATypeWithoutObserved() {
        JavaFileObject file = type("Service", """
                public class Service {
                    public String run(@Observed.Attribute("input") String input) {
                        return input;
                    }
                }
                """);
        assertError(file, "String run", "[ObservedAttributeUntraced] @Observed.Attribute on parameter input of run() "
                + "records nothing: run() is not traced, as neither it nor Service carries @Observed. Put @Observed on "
                + "run() (which must be neither private, static nor final), or remove @Observed.Attribute.");
    }

    @Test
    void attributeOnAConstructor() {
        JavaFileObject file = type("Service", """
                @Observed
                public class Service {
                    public Service(@Observed.Attribute("region") String region) {
                    }
                }
                """);
        Compilation compilation = compileLenient(file);
        assertThat(compilation).hadErrorContaining("[ObservedAttributeUntraced] @Observed.Attribute on parameter "
                + "region of a constructor records nothing: only methods are traced. Remove @Observed.Attribute.")
                .inFile(file).onLineContaining("public Service(");
    }

    @Test
    void attributesOnUntracedMethodsOfAnObservedClass() {
        JavaFileObject file = type("Service", """
                @Observed
                public class Service {
                    @Observed.Exclude
                    public String excluded(@Observed.Attribute String a) {
                        return a;
                    }

                    String packagePrivate(@Observed.Attribute String b) {
                        return b;
                    }

                    public static String statically(@Observed.Attribute String c) {
                        return c;
                    }

                    @Override
                    public boolean equals(@Observed.Attribute Object d) {
                        return false;
                    }

                    @Override
                    public int hashCode() {
                        return 0;
                    }
                }
                """);
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorContaining("excluded() is not traced, as it carries @Observed.Exclude.")
                .inFile(file).onLineContaining("String excluded(");
        assertThat(compilation).hadErrorContaining("packagePrivate() is not traced, as @Observed on a class traces its "
                + "public and protected methods only.").inFile(file).onLineContaining("String packagePrivate(");
        assertThat(compilation).hadErrorContaining("statically() is not traced, as it is static.")
                .inFile(file).onLineContaining("String statically(");
        assertThat(compilation).hadErrorContaining("equals() is not traced, as @Observed on a type leaves out the "
                + "methods of Object.").inFile(file).onLineContaining("boolean equals(");
        assertEquals(4, compilation.errors().size(), compilation.errors()::toString);
    }

    @Test
    void attributeOnAnotherMethodOfAStep() {
        JavaFileObject file = type("Step", """
                @Observed
                public class Step extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String input, WorkflowContext context) {
                        return helper(input);
                    }

                    protected String helper(@Observed.Attribute String input) {
                        return input;
                    }
                }
                """);
        assertError(file, "String helper(", "helper() is not traced, as @Observed on a workflow step traces execute() "
                + "only.");
    }

    @Test
    void blankDuplicateAndReservedAttributeKeys() {
        JavaFileObject file = type("Service", """
                public class Service {
                    @Observed
                    public void run(
                            @Observed.Attribute(" ") String blank,
                            @Observed.Attribute("order.id") String first,
                            @Observed.Attribute("order.id") String second,
                            @Observed.Attribute("workflow.id") String reserved,
                            @Observed.Attribute("error.type") String alsoReserved) {
                    }
                }
                """);
        Compilation compilation = compile(file);
        assertThat(compilation).hadErrorContaining("[ObservedBlankAttribute] The attribute key of parameter blank of "
                + "run() must not be blank. Give a key such as \"order.id\", or leave the value out to use the "
                + "parameter's name \"blank\".").inFile(file).onLineContaining("String blank");
        assertThat(compilation).hadErrorContaining("[ObservedDuplicateAttribute] parameter second of run() and "
                + "parameter first both record the attribute \"order.id\": one would overwrite the other. Give them "
                + "different keys.").inFile(file).onLineContaining("String second");
        assertThat(compilation).hadErrorContaining("[ObservedReservedAttribute] The attribute key \"workflow.id\" of "
                + "parameter reserved of run() is set by tta-workflow itself (workflow.*, code.function.name, "
                + "error.type). Choose another key, for example with your domain's prefix.")
                .inFile(file).onLineContaining("String reserved");
        assertThat(compilation).hadErrorContaining("[ObservedReservedAttribute] The attribute key \"error.type\"")
                .inFile(file).onLineContaining("String alsoReserved");
        assertEquals(4, compilation.errors().size(), compilation.errors()::toString);
    }

    // Warnings.

    @Test
    void aClassWithNothingToTraceIsAWarningAndStillGenerated() {
        JavaFileObject file = type("Helper", """
                @Observed
                public class Helper implements Cloneable {
                    public static Helper create() {
                        return new Helper();
                    }

                    @Observed.Exclude
                    public void ignored() {
                    }

                    @Override
                    public Helper clone() {
                        return new Helper();
                    }
                }
                """);
        Compilation compilation = compileLenient(file);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[ObservedNothingToTrace] @Observed on Helper traces nothing: "
                + "Helper has no public or protected method, declared or inherited, that is neither static, final, "
                + "abstract nor excluded (clone() is one of Object's methods, which @Observed leaves out). Put @Observed on the methods to trace, or remove it from Helper.")
                .inFile(file).onLineContaining("class Helper");
        assertEquals(1, compilation.warnings().size(), compilation.warnings()::toString);
        assertThat(compilation).generatedSourceFile("com.acme.InstrumentedHelper");
    }

    @Test
    void anInterfaceWithNothingToTraceIsAWarning() {
        JavaFileObject file = type("Marker", """
                @Observed
                public interface Marker {
                }
                """);
        Compilation compilation = compileLenient(file);
        assertThat(compilation).hadWarningContaining("[ObservedNothingToTrace] @Observed on Marker traces nothing: "
                + "Marker has no abstract or default method that is not excluded.")
                .inFile(file).onLineContaining("interface Marker");
    }

    @Test
    void anExcludeThatExcludesNothingIsAWarning() {
        JavaFileObject plain = type("Plain", """
                public class Plain {
                    @Observed.Exclude
                    public void run() {
                    }
                }
                """);
        JavaFileObject step = type("Step", """
                @Observed
                public class Step extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String input, WorkflowContext context) {
                        return input;
                    }

                    @Observed.Exclude
                    public void reset() {
                    }
                }
                """);
        Compilation compilation = compileLenient(plain, step);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[ObservedExcludeUnused] @Observed.Exclude on run() excludes "
                + "nothing: Plain does not carry @Observed. Remove @Observed.Exclude.")
                .inFile(plain).onLineContaining("void run");
        assertThat(compilation).hadWarningContaining("[ObservedExcludeUnused] @Observed.Exclude on reset() excludes "
                + "nothing: @Observed on a workflow step traces execute() only. Remove @Observed.Exclude.")
                .inFile(step).onLineContaining("void reset");
        assertEquals(2, compilation.warnings().size(), compilation.warnings()::toString);
    }

    private static JavaFileObject type(String simpleName, String body) {
        return source("com.acme." + simpleName, IMPORTS + body);
    }

    private static void assertError(JavaFileObject file, String line, String message) {
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
        assertTrue(compilation.diagnostics().stream()
                        .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                        .allMatch(error -> error.getMessage(null).startsWith("[Observed")),
                () -> "only our errors expected: " + compilation.errors());
        assertEquals(1, compilation.errors().size(), compilation.errors()::toString);
    }
}
