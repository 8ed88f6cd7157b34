package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.compile;
import static dev.tta.workflow.processor.Sources.compileLenient;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Less common shapes: name clashes with what the processor generates, inherited generics, odd return types. */
class ObservedEdgeCasesTest {

    @Test
    void parametersNamedLikeGeneratedFieldsAndVariables() throws IOException {
        JavaFileObject service = source("com.acme.Mailer", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public interface Mailer {
                    void send(String delegate, String invocation, String failure, String SEND);

                    String delegate();
                }
                """);
        String generated = generated(compile(service), "com.acme.InstrumentedMailer");
        assertTrue(generated.contains("private final Mailer delegate1;"), generated);
        assertTrue(generated.contains("PrimitiveTelemetry SEND_2 = "), generated);
        assertTrue(generated.contains("Invocation invocation1 = SEND_2.begin();"), generated);
        assertTrue(generated.contains("catch (Throwable failure1)"), generated);
        assertTrue(generated.contains("return delegate1.delegate();") || generated.contains(".returned(delegate1.delegate());"), generated);
    }

    @Test
    void inheritedGenericMethodsAreSeenFromTheAnnotatedInterface() throws IOException {
        JavaFileObject base = source("com.acme.Picker", """
                package com.acme;

                import java.util.List;

                public interface Picker<T> {
                    <U extends T> U pick(List<U> candidates);

                    T first();
                }
                """);
        JavaFileObject other = source("com.acme.Firsts", """
                package com.acme;

                public interface Firsts {
                    Number first();
                }
                """);
        JavaFileObject numbers = source("com.acme.NumberPicker", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public interface NumberPicker extends Picker<Number>, Firsts {
                }
                """);
        String generated = generated(compile(base, other, numbers), "com.acme.InstrumentedNumberPicker");
        assertTrue(generated.contains("public <U extends Number> U pick(List<U> candidates) {"), generated);
        assertTrue(generated.indexOf("public Number first()") == generated.lastIndexOf("public Number first()"),
                () -> "first() once, though two superinterfaces declare it: " + generated);
    }

    @Test
    void completionStageSubtypesAndTypeVariablesAreAsync() throws IOException {
        JavaFileObject service = source("com.acme.Jobs", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.CompletionStage;
                import java.util.concurrent.Future;

                @Observed
                public class Jobs {
                    public static final class Job extends CompletableFuture<String> {
                    }

                    public Job submit() {
                        return new Job();
                    }

                    public <F extends CompletionStage<String>> F relay(F stage) {
                        return stage;
                    }

                    public Future<String> legacy() {
                        return new CompletableFuture<>();
                    }
                }
                """);
        String generated = generated(compile(service), "com.acme.InstrumentedJobs");
        assertTrue(generated.contains("return invocation.endWhenComplete(super.submit());"), generated);
        assertTrue(generated.contains("return invocation.endWhenComplete(super.relay(stage));"), generated);
        assertTrue(generated.contains("return invocation.returned(super.legacy());"), "a plain Future has no completion callback");
    }

    @Test
    void deprecatedMembersStayWarningFree() {
        JavaFileObject api = source("com.acme.OldApi", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public interface OldApi {
                    /** @deprecated use {@link #fresh()} */
                    @Deprecated
                    String stale();

                    String fresh();

                    /** @deprecated do not trace */
                    @Deprecated
                    @Observed.Exclude
                    String staleAndQuiet();
                }
                """);
        JavaFileObject service = source("com.acme.OldService", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                /** @deprecated entirely */
                @Deprecated
                @Observed
                public class OldService {
                    public String run() {
                        return "";
                    }
                }
                """);
        assertThat(compile(api, service)).succeededWithoutWarnings();
    }

    @Test
    void nestedInterfacesAndProtectedNestedClasses() {
        JavaFileObject outer = source("com.acme.Outer", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                public class Outer {
                    @Observed
                    interface Port {
                        String call(String input);
                    }

                    @Observed
                    protected static class Adapter implements Port {
                        @Override
                        public String call(String input) {
                            return input;
                        }
                    }
                }
                """);
        Compilation compilation = compile(outer);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.acme.InstrumentedOuter_Port").contentsAsUtf8String()
                .contains("class InstrumentedOuter_Port implements Outer.Port {");
        assertThat(compilation).generatedSourceFile("com.acme.InstrumentedOuter_Adapter").contentsAsUtf8String()
                .contains("class InstrumentedOuter_Adapter extends Outer.Adapter {");
    }

    @Test
    void rawAsyncReturnTypesStillCompile() {
        JavaFileObject service = source("com.acme.Raw", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;
                import java.util.concurrent.CompletableFuture;

                @Observed
                public class Raw {
                    @SuppressWarnings("rawtypes")
                    public CompletableFuture legacy() {
                        return new CompletableFuture<>();
                    }
                }
                """);
        assertThat(compileLenient(service)).succeeded();
    }

    @Test
    void sameKeyWithTwoTypesGetsTwoFields() throws IOException {
        JavaFileObject service = source("com.acme.Ids", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Ids {
                    public void byName(@Observed.Attribute("id") String id) {
                    }

                    public void byNumber(@Observed.Attribute("id") long id) {
                    }

                    public void again(@Observed.Attribute("id") String other, @Observed.Attribute("") int count) {
                    }
                }
                """);
        String generated = generated(compile(service), "com.acme.InstrumentedIds");
        assertTrue(generated.contains("AttributeKey<String> ID = AttributeKey.stringKey(\"id\");"), generated);
        assertTrue(generated.contains("AttributeKey<Long> ID_2 = AttributeKey.longKey(\"id\");"), generated);
        assertTrue(generated.contains("invocation.attribute(ID, other);"), generated);
        assertTrue(generated.contains("AttributeKey<Long> COUNT = AttributeKey.longKey(\"count\");"), generated);
    }

    @Test
    void typeVariablesNamedLikeTypesTheGeneratedCodeUses() throws IOException {
        JavaFileObject service = source("com.acme.Odd", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Odd<Invocation, AttributeKey> {
                    public <Override, Throwable> Invocation first(Invocation value, Override other,
                            @Observed.Attribute("key") AttributeKey key, Throwable third) {
                        return value;
                    }
                }
                """);
        String generated = generated(compile(service), "com.acme.InstrumentedOdd");
        assertTrue(generated.contains("dev.tta.workflow.spi.Invocation invocation = FIRST.begin();"),
                generated);
        assertTrue(generated.contains("@java.lang.Override"), generated);
        assertTrue(generated.contains("catch (java.lang.Throwable failure)"), generated);
    }

    private static String generated(Compilation compilation, String name) throws IOException {
        assertThat(compilation).succeededWithoutWarnings();
        return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
    }
}
