package dev.tta.workflow.processor;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Reports annotations where no {@code @Observed} makes them mean anything, which the validation of observed types
 * never sees: Micrometer's look-alike {@code @Observed} on a workflow step (or anywhere Micrometer's aspect is
 * missing), and {@code @Observed.Attribute},
 * {@code @Observed.Exclude} or an objective in a type without {@code @Observed} (AutoFactory's
 * {@code ProvidedChecker}). Types that do carry {@code @Observed} are checked by {@link ModelFactory}.
 */
final class StrayAnnotationChecker {

    private final TypeChecks checks;

    StrayAnnotationChecker(TypeChecks checks) {
        this.checks = checks;
    }

    /**
     * Warns when a workflow step carries Micrometer's {@code @Observed}, a look-alike that does nothing here.
     *
     * @param element a class or method annotated with {@code io.micrometer.observation.annotation.Observed}
     * @param ours our {@code @Observed} type, or null when it is not on the classpath
     * @param report where the warning goes
     */
    void checkMicrometer(Element element, TypeElement ours, Report report) {
        Element owner = element instanceof TypeElement ? element : element.getEnclosingElement();
        if (!(owner instanceof TypeElement type)
                || (ours != null && Annotations.has(type, ours.getQualifiedName().toString()))) {
            return;
        }
        TypeElement primitive = checks.elements.getTypeElement(RuntimeNames.WORKFLOW_PRIMITIVE.canonicalName());
        if (primitive != null && checks.isSubclass(type, primitive)) {
            report.add(element, Diagnostic.MICROMETER, RuntimeNames.MICROMETER_OBSERVED, type.getSimpleName(),
                    RuntimeNames.OBSERVED);
        } else if (checks.elements.getTypeElement(RuntimeNames.MICROMETER_ASPECT) == null) {
            // On a plain class Micrometer's annotation is legitimate where its aspect runs, and inert where it cannot.
            report.add(element, Diagnostic.MICROMETER_WITHOUT_ASPECT, RuntimeNames.MICROMETER_OBSERVED,
                    element.getSimpleName(), RuntimeNames.OBSERVED);
        }
    }

    /**
     * Reports an {@code @Observed.Attribute} parameter of a constructor, or in a type that carries no
     * {@code @Observed} at all.
     *
     * @param parameter an element annotated with {@code @Observed.Attribute}
     * @param report where the error goes
     */
    void checkAttribute(Element parameter, Report report) {
        Element method = parameter.getEnclosingElement();
        if (!(parameter instanceof VariableElement variable) || !(method instanceof ExecutableElement executable)) {
            return;
        }
        if (executable.getKind() != ElementKind.METHOD) {
            report.add(parameter, Diagnostic.ATTRIBUTE_ON_CONSTRUCTOR, parameter.getSimpleName());
            return;
        }
        if (method.getEnclosingElement() instanceof TypeElement type && !Annotations.isObservedType(type)) {
            report.add(parameter, Diagnostic.ATTRIBUTE_UNTRACED, variable.getSimpleName(),
                    executable.getSimpleName() + "()", "neither it nor " + type.getSimpleName() + " carries @Observed");
        }
    }

    /**
     * Warns about {@code @Observed.Exclude} where it excludes nothing: in a type without {@code @Observed} of its
     * own, or in a workflow step (whose {@code @Observed} traces {@code execute} only).
     *
     * @param method an element annotated with {@code @Observed.Exclude}
     * @param report where the warning goes
     */
    void checkExclude(Element method, Report report) {
        if (!(method.getEnclosingElement() instanceof TypeElement type)
                || Annotations.has(method, RuntimeNames.OBSERVED.canonicalName())) {
            return; // with @Observed too, the validation of the type reports the conflict
        }
        boolean typeLevel = Annotations.has(type, RuntimeNames.OBSERVED.canonicalName());
        TypeElement primitive = checks.elements.getTypeElement(RuntimeNames.WORKFLOW_PRIMITIVE.canonicalName());
        boolean step = typeLevel && primitive != null && checks.isSubclass(type, primitive);
        if (!typeLevel || step) {
            report.add(method, Diagnostic.EXCLUDE_UNUSED, method.getSimpleName(),
                    step ? "@Observed on a workflow step traces execute() only"
                            : type.getSimpleName() + " does not carry @Observed");
        }
    }

    /**
     * Reports a service level objective in a type that carries no {@code @Observed} at all.
     *
     * @param element an element annotated with {@code @LatencySlo} or {@code @AvailabilitySlo}
     * @param report where the error goes
     */
    void checkSlo(Element element, Report report) {
        if (element instanceof TypeElement type) {
            if (!Annotations.isObservedType(type)) {
                SloValidator.misplaced(element, Diagnostic.SLO_WITHOUT_OBSERVED, type.getSimpleName()
                        + " does not carry @Observed, so it is not traced", "Put @Observed on " + type.getSimpleName()
                        + " (or on the methods to trace, with their objectives)", report);
            }
        } else if (element instanceof ExecutableElement method
                && method.getEnclosingElement() instanceof TypeElement type && !Annotations.isObservedType(type)) {
            SloValidator.misplaced(method, Diagnostic.SLO_UNTRACED, method.getSimpleName() + "() is not traced, as "
                    + "neither it nor " + type.getSimpleName() + " carries @Observed", "Put @Observed on "
                    + method.getSimpleName() + "()", report);
        }
    }
}
