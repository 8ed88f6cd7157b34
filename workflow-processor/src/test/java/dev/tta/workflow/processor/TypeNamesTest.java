package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.NULLABLE;
import static dev.tta.workflow.processor.Sources.compiler;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.palantir.javapoet.TypeName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.util.ElementFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TypeMirror to TypeName conversion keeps type-use annotations at every level, where JavaPoet's drops them.
 *
 * <p>{@code TypeName.toString()} spells names out in full, and so writes an annotated class name as {@code java.lang.
 * @Nullable String}, the only legal way to annotate a qualified name; in generated files, imports shorten it to
 * {@code @Nullable String}.
 */
class TypeNamesTest {

    private static final Map<String, String> RETURN_TYPES = new LinkedHashMap<>();
    private static final Map<String, List<String>> BOUNDS = new LinkedHashMap<>();
    private static final Map<String, String> FAILURES = new LinkedHashMap<>();

    @BeforeAll
    static void convertSignatures() {
        Compilation compilation = compiler(new Capture()).compile(NULLABLE, source("com.acme.Signatures", """
                package com.acme;

                import java.util.List;
                import java.util.Map;

                public abstract class Signatures<T extends Comparable<T>, N extends @Nullable Object,
                        E extends Enum<E> & Runnable, P> {
                    abstract @Nullable String nullableString();
                    abstract List<@Nullable String> listOfNullable();
                    abstract String @Nullable [] nullableArray();
                    abstract @Nullable String[] arrayOfNullable();
                    abstract Map<? extends @Nullable Number, ? super @Nullable Integer> wildcards();
                    abstract List<?> unbounded();
                    abstract @Nullable int annotatedPrimitive();
                    abstract @Nullable T typeVariable();
                    abstract void nothing();
                    abstract Outer<String>.Inner<Integer> innerOfGeneric();
                    abstract int[][] matrix();
                }

                class Outer<A> {
                    class Inner<B> {
                    }
                }
                """));
        assertThat(compilation).succeeded();
    }

    @Test
    void keepsTypeUseAnnotationsAtEveryLevel() {
        assertEquals("java.lang. @com.acme.Nullable String", RETURN_TYPES.get("nullableString"));
        assertEquals("java.util.List<java.lang. @com.acme.Nullable String>", RETURN_TYPES.get("listOfNullable"));
        assertEquals("java.lang.String @com.acme.Nullable []", RETURN_TYPES.get("nullableArray"));
        assertEquals("java.lang. @com.acme.Nullable String[]", RETURN_TYPES.get("arrayOfNullable"));
        assertEquals("java.util.Map<? extends java.lang. @com.acme.Nullable Number, "
                + "? super java.lang. @com.acme.Nullable Integer>", RETURN_TYPES.get("wildcards"));
        assertEquals("@com.acme.Nullable int", RETURN_TYPES.get("annotatedPrimitive"));
        assertEquals("@com.acme.Nullable T", RETURN_TYPES.get("typeVariable"));
    }

    @Test
    void convertsPlainTypes() {
        assertEquals("java.util.List<?>", RETURN_TYPES.get("unbounded"));
        assertEquals("void", RETURN_TYPES.get("nothing"));
        assertEquals("int[][]", RETURN_TYPES.get("matrix"));
        assertEquals("com.acme.Outer<java.lang.String>.Inner<java.lang.Integer>", RETURN_TYPES.get("innerOfGeneric"));
    }

    @Test
    void declaresTypeParametersWithTheirBounds() {
        assertEquals(List.of("java.lang.Comparable<T>"), BOUNDS.get("T"), "recursive bound");
        assertEquals(List.of("java.lang. @com.acme.Nullable Object"), BOUNDS.get("N"), "annotated Object is kept");
        assertEquals(List.of("java.lang.Enum<E>", "java.lang.Runnable"), BOUNDS.get("E"), "intersection");
        assertEquals(List.of(), BOUNDS.get("P"), "plain Object is left out");
    }

    @Test
    void rejectsTypesThatHaveNoName() {
        // The middle is javac's own toString of the method type, which differs between JDK versions.
        String message = FAILURES.get("nullableString");
        assertTrue(message.startsWith("cannot name type (") && message.endsWith(" of kind EXECUTABLE"), message);
    }

    /** Converts the signatures of {@code Signatures} while the compiler's model is alive. */
    private static final class Capture extends AbstractProcessor {

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
            TypeElement signatures = processingEnv.getElementUtils().getTypeElement("com.acme.Signatures");
            if (round.processingOver() || signatures == null || !RETURN_TYPES.isEmpty()) {
                return false;
            }
            for (ExecutableElement method : ElementFilter.methodsIn(signatures.getEnclosedElements())) {
                String name = method.getSimpleName().toString();
                RETURN_TYPES.put(name, TypeNames.of(method.getReturnType()).toString());
                try {
                    TypeNames.of(method.asType());
                } catch (IllegalArgumentException expected) {
                    FAILURES.put(name, expected.getMessage());
                }
            }
            for (TypeParameterElement parameter : signatures.getTypeParameters()) {
                BOUNDS.put(parameter.getSimpleName().toString(),
                        TypeNames.declaration(parameter).bounds().stream().map(TypeName::toString).toList());
            }
            return false;
        }
    }
}
