package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.compile;
import static dev.tta.workflow.processor.Sources.compileLenient;
import static dev.tta.workflow.processor.Sources.compiler;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rounds, claiming, robustness, and the less common shapes of step classes. */
class ObservedProcessorTest {

    private static final JavaFileObject MICROMETER_OBSERVED = source("io.micrometer.observation.annotation.Observed",
            """
            package io.micrometer.observation.annotation;

            import java.lang.annotation.ElementType;
            import java.lang.annotation.Retention;
            import java.lang.annotation.RetentionPolicy;
            import java.lang.annotation.Target;

            @Retention(RetentionPolicy.RUNTIME)
            @Target({ElementType.TYPE, ElementType.METHOD})
            public @interface Observed {
                String name() default "";
            }
            """);

    @Test
    void warnsWhenAStepCarriesMicrometersObserved() {
        JavaFileObject step = source("com.acme.Audit", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import io.micrometer.observation.annotation.Observed;

                @Observed
                public class Audit extends WorkflowPrimitive<String, String> {
                    @Override
                    @Observed(name = "audit")
                    public String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                """);
        JavaFileObject service = source("com.acme.Service", """
                package com.acme;

                import io.micrometer.observation.annotation.Observed;

                @Observed
                public class Service {
                }
                """);
        Compilation compilation = compileLenient(MICROMETER_OBSERVED, step, service);
        assertThat(compilation).succeeded();
        String warning = "[ObservedMicrometer] This is Micrometer's @io.micrometer.observation.annotation.Observed, "
                + "which needs an AOP runtime (Spring AOP or AspectJ) and does nothing to a workflow step. To trace "
                + "Audit, import dev.tta.workflow.annotations.Observed instead.";
        assertThat(compilation).hadWarningContaining(warning).inFile(step).onLineContaining("class Audit");
        assertThat(compilation).hadWarningContaining(warning).inFile(step).onLineContaining("String execute");
        // Service is no workflow step, but without Micrometer's aspect its annotation can do nothing either.
        assertThat(compilation).hadWarningContaining("[ObservedMicrometer] This is Micrometer's "
                + "@io.micrometer.observation.annotation.Observed, and Micrometer's ObservedAspect is not on the class "
                + "path, so it does nothing to Service.").inFile(service).onLineContaining("class Service");
        assertEquals(3, compilation.warnings().size(), compilation.warnings()::toString);
        assertTrue(compilation.generatedSourceFiles().isEmpty());
    }

    @Test
    void aPlainClassMayCarryMicrometersObservedWhereItsAspectRuns() {
        JavaFileObject aspect = source("io.micrometer.observation.aop.ObservedAspect", """
                package io.micrometer.observation.aop;

                public class ObservedAspect {
                }
                """);
        JavaFileObject service = source("com.acme.Service", """
                package com.acme;

                import io.micrometer.observation.annotation.Observed;

                @Observed
                public class Service {
                }
                """);
        Compilation compilation = compileLenient(MICROMETER_OBSERVED, aspect, service);
        assertThat(compilation).succeeded();
        assertTrue(compilation.warnings().stream().noneMatch(w -> w.getMessage(null).contains("ObservedMicrometer")),
                compilation.warnings()::toString);
    }

    @Test
    void constructingAnObservedStepDirectlyIsAWarningThatNamesTheGeneratedClass() {
        JavaFileObject step = simpleStep("Charge");
        JavaFileObject wiring = source("com.acme.Wiring", """
                package com.acme;

                import dev.tta.workflow.WorkflowPrimitive;

                public class Wiring {
                    WorkflowPrimitive<String, String> bypassed() {
                        return new Charge(); // bypassed
                    }

                    WorkflowPrimitive<String, String> observed() {
                        return new InstrumentedCharge();
                    }

                    @SuppressWarnings("ObservedBypassed")
                    WorkflowPrimitive<String, String> meant() {
                        return new Charge();
                    }
                }
                """);
        Compilation compilation = compileLenient(step, wiring);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[ObservedBypassed] new Charge(...) runs without any telemetry: "
                + "Charge is @Observed, and its spans, metrics and logs come from the generated InstrumentedCharge. "
                + "Construct InstrumentedCharge instead").inFile(wiring).onLineContaining("// bypassed");
        assertEquals(1, compilation.warnings().stream()
                .filter(w -> w.getMessage(null).contains("ObservedBypassed")).count(), "the suppressed one is quiet");
    }

    @Test
    void noMicrometerWarningWhenBothAnnotationsArePresent() {
        JavaFileObject step = source("com.acme.Audit", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;

                @Observed
                @io.micrometer.observation.annotation.Observed
                public class Audit extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                """);
        Compilation compilation = compile(MICROMETER_OBSERVED, step);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.acme.InstrumentedAudit");
    }

    @Test
    void claimsItsAnnotationSoLintProcessingStaysQuiet() {
        Compilation compilation = compiler(new ObservedProcessor())
                .withOptions("-Xlint:all", "-Werror")
                .compile(simpleStep("Quiet"));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void doesNotClaimMicrometersAnnotation() {
        JavaFileObject service = source("com.acme.Service", """
                package com.acme;

                @io.micrometer.observation.annotation.Observed
                public class Service {
                }
                """);
        Compilation compilation = compiler(new ObservedProcessor())
                .withOptions("-Xlint:processing")
                .compile(MICROMETER_OBSERVED, service);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("io.micrometer.observation.annotation.Observed");
    }

    @Test
    void waitsForTypesThatAnotherProcessorGenerates() {
        JavaFileObject step = source("com.acme.Convert", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Convert extends WorkflowPrimitive<Money, Money> {
                    public Convert(Money minimum) {
                    }

                    @Override
                    public Money execute(Money input, WorkflowContext context) {
                        return input;
                    }
                }
                """);
        Compilation compilation = compiler(new ObservedProcessor(), new MoneyGenerator())
                .withOptions((Object[]) Sources.STRICT)
                .compile(step);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.acme.InstrumentedConvert").contentsAsUtf8String()
                .contains("public Money execute(Money input, WorkflowContext context)");
    }

    @Test
    void anInternalErrorIsReportedOnItsClassAndTheOthersStillGenerate() {
        InstrumentedWriter writer = new InstrumentedWriter();
        List<String> written = new ArrayList<>();
        ObservedProcessor processor = new ObservedProcessor(model -> {
            if (model.generatedName().equals("InstrumentedBroken")) {
                throw new IllegalStateException("boom");
            }
            written.add(model.generatedName());
            return writer.write(model);
        });
        JavaFileObject broken = simpleStep("Broken");
        Compilation compilation = compiler(processor).compile(broken, simpleStep("Fine"));
        assertThat(compilation).hadErrorContaining("[ObservedInternalError] internal error in the @Observed "
                + "processor, please report it: java.lang.IllegalStateException: boom")
                .inFile(broken).onLineContaining("class Broken");
        assertThat(compilation).hadErrorContaining("at dev.tta.workflow.processor.ObservedProcessor");
        assertEquals(1, compilation.errors().size(), compilation.errors()::toString);
        assertEquals(List.of("InstrumentedFine"), written);
    }

    @Test
    void aStaleGeneratedCopyAmongTheSourcesIsAWarning() {
        // What an incremental build that compiles target/generated-sources again looks like.
        JavaFileObject stale = source("com.acme.InstrumentedStale", """
                package com.acme;

                @dev.tta.workflow.annotations.WorkflowGenerated
                public class InstrumentedStale extends Stale {
                }
                """);
        JavaFileObject step = simpleStep("Stale");
        Compilation compilation = compileLenient(step, stale);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[ObservedNotWritten] Could not write com.acme.InstrumentedStale")
                .inFile(step).onLineContaining("class Stale");
        assertThat(compilation).hadWarningContaining("If an older copy of it is among the sources, build clean.");
    }

    @Test
    void deprecatedSerializableAbstractStepCompilesWithoutWarnings() {
        JavaFileObject step = source("com.acme.Legacy", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;
                import java.io.Serializable;
                import java.util.List;

                /** @deprecated use something newer */
                @Deprecated
                @Observed
                public abstract class Legacy<T> extends WorkflowPrimitive<String, String> implements Serializable {
                    private static final long serialVersionUID = 1L;

                    /** @deprecated too */
                    @Deprecated
                    @SafeVarargs
                    protected Legacy(List<T>... lists) {
                    }

                    /** @deprecated as well */
                    @Deprecated
                    @Override
                    public String execute(String input, WorkflowContext context) {
                        return transform(input);
                    }

                    protected abstract String transform(String input);
                }
                """);
        Compilation compilation = compile(step);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.acme.InstrumentedLegacy").contentsAsUtf8String()
                .contains("""
                        @Deprecated
                        public abstract class InstrumentedLegacy<T> extends Legacy<T> {
                          private static final long serialVersionUID = 1L;
                        """);
        assertThat(compilation).generatedSourceFile("com.acme.InstrumentedLegacy").contentsAsUtf8String()
                .contains("""
                          @Deprecated
                          @SafeVarargs
                          @SuppressWarnings("varargs")
                          public InstrumentedLegacy(List<T>... lists) {
                        """);
    }

    @Test
    void typeUseAnnotationsOfAnInheritedExecuteAreKept() {
        JavaFileObject base = source("com.acme.Cache", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import java.util.List;

                public abstract class Cache<K> extends WorkflowPrimitive<K, @Nullable String> {
                    @Override
                    public @Nullable String execute(@Nullable K key, WorkflowContext context) {
                        return null;
                    }

                    public abstract List<@Nullable K> keys();
                }
                """);
        JavaFileObject step = source("com.acme.NameCache", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;
                import java.util.List;

                @Observed
                public class NameCache extends Cache<@Nullable String> {
                    @Override
                    public List<@Nullable String> keys() {
                        return List.of();
                    }
                }
                """);
        Compilation compilation = compile(Sources.NULLABLE, base, step);
        assertThat(compilation).succeededWithoutWarnings();
        // Taken through Types.asMemberOf, since execute is declared in the superclass.
        assertThat(compilation).generatedSourceFile("com.acme.InstrumentedNameCache").contentsAsUtf8String()
                .contains("public @Nullable String execute(@Nullable String key, WorkflowContext context) {");
    }

    @Test
    void stepInTheUnnamedPackage() {
        JavaFileObject step = source("Root", """
                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Root extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                """);
        Compilation compilation = compile(step);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("InstrumentedRoot");
    }

    /** A superclass from a class file, where execute has a bridge method and possibly no parameter names. */
    @Test
    void executeInheritedFromAClassFile(@TempDir Path classes) throws IOException {
        JavaFileObject base = source("com.lib.Base", """
                package com.lib;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;

                public abstract class Base extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String input, WorkflowContext context) throws java.io.IOException {
                        return input;
                    }
                }
                """);
        Compilation library = compiler().compile(base);
        assertThat(library).succeeded();
        for (JavaFileObject file : library.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                Path target = classes.resolve(file.toUri().getPath().replaceFirst("^/CLASS_OUTPUT/", ""));
                Files.createDirectories(target.getParent());
                try (InputStream in = file.openInputStream()) {
                    Files.copy(in, target);
                }
            }
        }
        List<File> classpath = new ArrayList<>();
        classpath.add(classes.toFile());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classpath.add(new File(entry));
        }
        JavaFileObject step = source("com.acme.Derived", """
                package com.acme;

                @dev.tta.workflow.annotations.Observed
                public class Derived extends com.lib.Base {
                }
                """);
        Compilation compilation = compiler(new ObservedProcessor())
                .withOptions((Object[]) Sources.STRICT)
                .withClasspath(classpath)
                .compile(step);
        assertThat(compilation).succeededWithoutWarnings();
        String generated = compilation.generatedSourceFile("com.acme.InstrumentedDerived").orElseThrow()
                .getCharContent(true).toString();
        assertTrue(generated.contains("public String execute(String ") && generated.contains("throws IOException {"),
                generated);
        assertFalse(generated.contains("Object execute"), generated);
    }

    /** Gradle's isolating mode needs exactly one originating element per generated file: the type. */
    @Test
    void everyGeneratedFileHasItsTypeAsOnlyOriginatingElement() {
        InstrumentedWriter writer = new InstrumentedWriter();
        List<String> origins = new ArrayList<>();
        ObservedProcessor processor = new ObservedProcessor(model -> {
            var file = writer.write(model);
            file.typeSpec().originatingElements().forEach(element -> origins.add(file.typeSpec().name() + " <- "
                    + element));
            return file;
        });
        JavaFileObject methods = source("com.acme.Methods", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                public class Methods {
                    @Observed
                    public void one() {
                    }

                    @Observed
                    public void two() {
                    }
                }
                """);
        JavaFileObject port = source("com.acme.Port", """
                package com.acme;

                @dev.tta.workflow.annotations.Observed
                public interface Port {
                    void call();
                }
                """);
        assertThat(compiler(processor).withOptions((Object[]) Sources.STRICT).compile(simpleStep("Step"), methods,
                port)).succeededWithoutWarnings();
        assertEquals(List.of("InstrumentedStep <- com.acme.Step", "InstrumentedMethods <- com.acme.Methods",
                "InstrumentedPort <- com.acme.Port"), origins);
    }

    /** An inner (non-static) step: the generated class takes the enclosing instance first. */
    @Test
    void innerStepTakesItsEnclosingInstance() {
        JavaFileObject outer = source("com.acme.Shop", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;

                public class Shop {
                    final String currency = "EUR";

                    @Observed
                    public class Price extends WorkflowPrimitive<Long, String> {
                        @Override
                        public String execute(Long cents, WorkflowContext context) {
                            return cents + " " + currency;
                        }
                    }

                    static String demo() throws Exception {
                        return new InstrumentedShop_Price(new Shop()).execute(5L, WorkflowContext.start("shop"));
                    }
                }
                """);
        Compilation compilation = compile(outer);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.acme.InstrumentedShop_Price").contentsAsUtf8String()
                .contains("""
                          public InstrumentedShop_Price(Shop outer) {
                            outer.super();
                          }
                        """);
    }

    private static JavaFileObject simpleStep(String name) {
        return source("com.acme." + name, """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class %s extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String input, WorkflowContext context) {
                        return input;
                    }
                }
                """.formatted(name));
    }

    /** Stands for another annotation processor that generates a type a step refers to, in its first round. */
    private static final class MoneyGenerator extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer writer = processingEnv.getFiler().createSourceFile("com.acme.Money").openWriter()) {
                    writer.write("package com.acme;\n\npublic record Money(long cents) {\n}\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }
}
