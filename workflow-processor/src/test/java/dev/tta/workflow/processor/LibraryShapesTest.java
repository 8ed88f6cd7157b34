package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.compile;
import static dev.tta.workflow.processor.Sources.compileLenient;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Shapes that whole real libraries annotated wholesale bring: interfaces inheriting one method along several paths,
 * suppressed warnings, deprecated outer classes, inherited public APIs, and signatures the generated class cannot
 * write. Every compilation is warning-free under {@code -Xlint:all -Werror} unless a warning is the point.
 */
class LibraryShapesTest {

    @Test
    void anInterfaceInheritingAMethodAlongTwoPathsImplementsTheCovariantOverride() throws IOException {
        JavaFileObject hierarchy = source("com.acme.Get", """
                package com.acme;

                import java.util.Iterator;
                import java.util.ListIterator;

                public interface Get<E> {
                    Iterator<E> it();

                    interface Ordered<E> extends Get<E> {
                        @Override
                        ListIterator<E> it();
                    }

                    interface Plain<E> extends Get<E> {
                    }
                }
                """);
        JavaFileObject both = source("com.acme.Both", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public interface Both<E> extends Get.Plain<E>, Get.Ordered<E> {
                }
                """);
        String generated = generated(compile(hierarchy, both), "com.acme.InstrumentedBoth");
        assertTrue(generated.contains("public ListIterator<E> it() {"), generated);
        assertEquals(1, count(generated, " it() {"), generated);
    }

    @Test
    void genericsAreSubstitutedAlongEachPath() throws IOException {
        JavaFileObject hierarchy = source("com.acme.Source", """
                package com.acme;

                import java.util.Collection;
                import java.util.List;

                public interface Source<T> {
                    Collection<T> all(T seed);

                    interface Listed<L> extends Source<List<L>> {
                        @Override
                        List<List<L>> all(List<L> seed);
                    }

                    interface Plain<P> extends Source<List<P>> {
                    }
                }
                """);
        JavaFileObject names = source("com.acme.Names", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public interface Names extends Source.Plain<String>, Source.Listed<String> {
                }
                """);
        String generated = generated(compile(hierarchy, names), "com.acme.InstrumentedNames");
        assertTrue(generated.contains("public List<List<String>> all(List<String> seed) {"), generated);
    }

    @Test
    void suppressedWarningsOfTheUsersDeclarationsAreCarriedOver() throws IOException {
        JavaFileObject old = source("com.acme.Legacy", """
                package com.acme;

                /** @deprecated gone soon */
                @Deprecated
                public class Legacy {
                }
                """);
        JavaFileObject service = source("com.acme.Raw", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;
                import java.util.List;

                @Observed
                @SuppressWarnings("deprecation")
                public class Raw {
                    @SuppressWarnings("rawtypes")
                    public Raw(List values) {
                    }

                    public Legacy legacy() {
                        return new Legacy();
                    }

                    @SuppressWarnings({"rawtypes", "unchecked"})
                    public List raw(List<String> values) {
                        return (List) values;
                    }
                }
                """);
        String generated = generated(compile(old, service), "com.acme.InstrumentedRaw");
        assertTrue(generated.contains("@SuppressWarnings(\"deprecation\")\npublic class InstrumentedRaw"),
                generated);
        assertTrue(generated.contains("@SuppressWarnings({\"rawtypes\", \"unchecked\"})\n  public List raw("),
                generated);
        assertTrue(generated.contains("@SuppressWarnings(\"rawtypes\")\n  public InstrumentedRaw(List values)"),
                generated);
    }

    @Test
    void aClassNestedInADeprecatedClassGetsADeprecatedGeneratedClass() throws IOException {
        JavaFileObject outer = source("com.acme.Old", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                /** @deprecated use the new one */
                @Deprecated
                public class Old {
                    @Observed
                    public static class Part {
                        public String run() {
                            return "";
                        }
                    }

                    @Observed
                    public interface Port {
                        String call();
                    }
                }
                """);
        Compilation compilation = compile(outer);
        assertTrue(generated(compilation, "com.acme.InstrumentedOld_Part")
                .contains("@Deprecated\npublic class InstrumentedOld_Part extends Old.Part {"));
        assertTrue(generated(compilation, "com.acme.InstrumentedOld_Port")
                .contains("@Deprecated\npublic class InstrumentedOld_Port implements Old.Port {"));
    }

    @Test
    void aClassLevelObservedTracesInheritedPublicAndProtectedMethods() throws IOException {
        JavaFileObject base = source("com.acme.Repository", """
                package com.acme;

                public class Repository<T> {
                    public T find(String id) {
                        return null;
                    }

                    protected int size() {
                        return 0;
                    }

                    public final String fixed() {
                        return "";
                    }

                    void internal() {
                    }

                    @Override
                    public String toString() {
                        return "repository";
                    }
                }
                """);
        JavaFileObject users = source("com.acme.Users", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Users extends Repository<String> {
                    @Override
                    protected int size() {
                        return 1;
                    }

                    public String greet(String name) {
                        return "hello " + name;
                    }
                }
                """);
        String generated = generated(compile(base, users), "com.acme.InstrumentedUsers");
        assertTrue(generated.contains("protected int size() {"), generated);
        assertTrue(generated.contains("public String greet(String name) {"), generated);
        assertTrue(generated.contains("public String find(String id) {"), generated);
        assertTrue(generated.replaceAll("\\s+", " ")
                        .contains("PrimitiveTelemetry.forMethod(\"Users.find\", Users.class, \"find\","),
                generated);
        assertFalse(generated.contains("fixed()"), generated);
        assertFalse(generated.contains("internal()"), generated);
        assertFalse(generated.contains("toString()"), generated);
        // Declared methods first, then inherited ones.
        assertTrue(generated.indexOf("greet(String name) {") < generated.indexOf("find(String id) {"), generated);
    }

    @Test
    void aClassLevelObservedOnASubclassOfAJdkClassCompilesWarningFree() {
        JavaFileObject worker = source("com.acme.Worker", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;
                import java.util.ArrayList;

                @Observed
                public class Worker extends ArrayList<String> {
                    private static final long serialVersionUID = 1L;
                }
                """);
        Compilation compilation = compile(worker);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.acme.InstrumentedWorker").contentsAsUtf8String()
                .contains("public boolean add(String e) {");
    }

    @Test
    void aMethodTheGeneratedClassCannotWriteIsLeftOutWithAWarningThatNamesIt() throws IOException {
        JavaFileObject file = source("com.acme.Service", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Service {
                    private static final class Token {
                    }

                    public void use(Token token) {
                    }

                    public String ok() {
                        return "";
                    }
                }
                """);
        Compilation compilation = compileLenient(file);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[ObservedInaccessibleType] @Observed on Service does not trace "
                + "use(): it refers to private type com.acme.Service.Token, which InstrumentedService cannot name to "
                + "override it. Put @Observed.Exclude on use() to leave it out without this warning, or make Token "
                + "package-private.").inFile(file).onLineContaining("void use");
        assertEquals(1, compilation.warnings().size(), compilation.warnings()::toString);
        String generated = compilation.generatedSourceFile("com.acme.InstrumentedService").orElseThrow()
                .getCharContent(true).toString();
        assertTrue(generated.contains("public String ok() {"), generated);
        assertFalse(generated.contains("use("), generated);

        JavaFileObject excluded = source("com.acme.Service", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Service {
                    private static final class Token {
                    }

                    @Observed.Exclude
                    public void use(Token token) {
                    }

                    public String ok() {
                        return "";
                    }
                }
                """);
        assertThat(compile(excluded)).succeededWithoutWarnings();
    }

    @Test
    void anAttributeOnAMethodLeftOutForItsSignatureIsAnError() {
        JavaFileObject file = source("com.acme.Service", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Service {
                    private static final class Token {
                    }

                    public void use(Token token, @Observed.Attribute("order.id") String orderId) {
                    }
                }
                """);
        Compilation compilation = compileLenient(file);
        assertThat(compilation).hadErrorContaining("[ObservedAttributeUntraced] @Observed.Attribute on parameter "
                + "orderId of use() records nothing: use() is not traced, as its signature names a type "
                + "InstrumentedService cannot name.").inFile(file).onLineContaining("void use");
    }

    @Test
    void anInheritedMethodTheGeneratedClassCannotWriteIsLeftOutWithANote() throws IOException {
        JavaFileObject hidden = source("com.acme.base.Hidden", """
                package com.acme.base;

                class Hidden {
                }
                """);
        JavaFileObject base = source("com.acme.base.Base", """
                package com.acme.base;

                public class Base {
                    protected void take(Hidden hidden) {
                    }

                    public String visible() {
                        return "";
                    }
                }
                """);
        JavaFileObject impl = source("com.acme.Impl", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public class Impl extends com.acme.base.Base {
                }
                """);
        Compilation compilation = compile(hidden, base, impl);
        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(compilation.diagnostics().stream().anyMatch(diagnostic -> diagnostic.getKind()
                == Diagnostic.Kind.NOTE && diagnostic.getMessage(null).contains("[ObservedInheritedInaccessibleType] "
                + "@Observed on Impl does not trace take(), inherited from Base: it refers to package-private type "
                + "com.acme.base.Hidden")), compilation.diagnostics()::toString);
        String generated = generated(compilation, "com.acme.InstrumentedImpl");
        assertTrue(generated.contains("public String visible() {"), generated);
        assertFalse(generated.contains("take("), generated);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static String generated(Compilation compilation, String name) throws IOException {
        assertThat(compilation).succeededWithoutWarnings();
        return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
    }
}
