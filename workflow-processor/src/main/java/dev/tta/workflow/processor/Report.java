package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * The diagnostics found while checking one element, collected rather than printed (Dagger's
 * {@code ValidationReport}): the processor prints them once it knows the element is not deferred to a later round,
 * so that a type waiting for a generated type is never reported twice.
 */
final class Report {

    private record Item(Diagnostic diagnostic, Element element, AnnotationMirror annotation, AnnotationValue value,
            String message) {
    }

    private final List<Item> items = new ArrayList<>();

    /**
     * Adds a diagnostic on an element.
     *
     * @param element where the compiler shows it
     * @param diagnostic what it is
     * @param arguments the values of its placeholders
     * @return false for an error, true otherwise, so that checks read {@code valid &= report.add(...)}
     */
    boolean add(Element element, Diagnostic diagnostic, Object... arguments) {
        return add(element, null, null, diagnostic, arguments);
    }

    /**
     * Adds a diagnostic on an annotation of an element, and on one of its values where given.
     *
     * @param element the annotated element
     * @param annotation the annotation, or null for the element itself
     * @param value the offending value, or null for the whole annotation
     * @param diagnostic what it is
     * @param arguments the values of its placeholders
     * @return false for an error, true otherwise
     */
    boolean add(Element element, AnnotationMirror annotation, AnnotationValue value, Diagnostic diagnostic,
            Object... arguments) {
        items.add(new Item(diagnostic, element, annotation, value, diagnostic.message(arguments)));
        return diagnostic.kind() != Kind.ERROR;
    }

    /** Whether no error was added (warnings and notes do not count). */
    boolean isClean() {
        return items.stream().noneMatch(item -> item.diagnostic().kind() == Kind.ERROR);
    }

    /** Prints every diagnostic, in the order found. */
    void printTo(Messager messager) {
        for (Item item : items) {
            if (item.element() == null) {
                messager.printMessage(item.diagnostic().kind(), item.message());
            } else {
                messager.printMessage(item.diagnostic().kind(), item.message(), item.element(), item.annotation(),
                        item.value());
            }
        }
    }
}
