package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Reads annotations through their mirrors, by qualified name: the processor never loads the classes of the
 * annotations it reads, so it runs whichever version of them the user compiles against.
 */
final class Annotations {

    private Annotations() {
    }

    static AnnotationMirror annotation(Element element, String annotationName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement annotationType = (TypeElement) mirror.getAnnotationType().asElement();
            if (annotationType.getQualifiedName().contentEquals(annotationName)) {
                return mirror;
            }
        }
        return null;
    }

    static boolean has(Element element, String annotationName) {
        return annotation(element, annotationName) != null;
    }

    /** The value of a string member written explicitly in the annotation, or null. */
    static AnnotationValue explicitValue(AnnotationMirror annotation, String member) {
        if (annotation == null) {
            return null;
        }
        for (var entry : annotation.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(member)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Whether a type is processed: it carries {@code @Observed}, or one of its methods does. */
    static boolean isObservedType(TypeElement type) {
        if (has(type, RuntimeNames.OBSERVED.canonicalName())) {
            return true;
        }
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (has(method, RuntimeNames.OBSERVED.canonicalName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The workflow of {@code @Observed(workflow)} on an element, or the inherited one when it gives none.
     *
     * @param element the annotated type or method
     * @param observed its {@code @Observed}, or null
     * @param inherited the workflow of its type, {@code ""} for none
     * @param report where a blank workflow is reported
     * @return the workflow, or null after reporting a blank one
     */
    static String workflow(Element element, AnnotationMirror observed, String inherited, Report report) {
        AnnotationValue value = explicitValue(observed, "workflow");
        if (value == null || !(value.getValue() instanceof String given) || given.isEmpty()) {
            return inherited;
        }
        if (given.isBlank()) {
            report.add(element, observed, value, Diagnostic.BLANK_WORKFLOW,
                    element.getSimpleName() + (element.getKind() == ElementKind.METHOD ? "()" : ""));
            return null;
        }
        return given;
    }

    /**
     * The values of {@code @SuppressWarnings} on the element and on the types enclosing it, innermost first.
     *
     * @param element a type, method or constructor
     * @param stop the first enclosing element not to look at (its warnings are suppressed elsewhere), or null
     * @return the suppressed warnings, possibly repeated
     */
    static List<String> suppressedWarnings(Element element, Element stop) {
        List<String> warnings = new ArrayList<>();
        for (Element current = element; current != null && !current.equals(stop)
                && (current == element || current instanceof TypeElement); current = current.getEnclosingElement()) {
            SuppressWarnings suppressed = current.getAnnotation(SuppressWarnings.class);
            if (suppressed != null) {
                warnings.addAll(List.of(suppressed.value()));
            }
        }
        return warnings;
    }
}
