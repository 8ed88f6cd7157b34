package dev.tta.workflow.processor;

import dev.tta.workflow.processor.MethodSelector.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;

/**
 * Reports the problems of the methods {@link MethodSelector} picked for one type and builds their part of the
 * {@link InstrumentedModel}: span names, objectives and workflow, parameter attributes (read by
 * {@link AttributeReader}), and the unique names of the static fields. One instance per type.
 */
final class MethodModels {

    private final TypeChecks checks;
    private final SloValidator slos;
    private final MethodSelector.Request request;
    private final List<Candidate> candidates;
    private final Report report;
    private final AttributeReader attributeReader;
    /** The names of the static fields, and of the parameters they must not be shadowed by. */
    private final Set<String> taken = new HashSet<>();
    private final Map<String, InstrumentedModel.TelemetryField> telemetry = new LinkedHashMap<>();
    /** The first telemetry field of each span name: one primitive, whose objectives must agree. */
    private final Map<String, InstrumentedModel.TelemetryField> bySpanName = new HashMap<>();

    /**
     * Starts the methods of one type.
     *
     * @param checks the compiler's utilities
     * @param slos reads the methods' objectives
     * @param selection the type's methods, as {@link MethodSelector} picked them
     * @param report where the problems of the methods go
     */
    MethodModels(TypeChecks checks, SloValidator slos, MethodSelector.Selection selection, Report report) {
        this.checks = checks;
        this.slos = slos;
        this.request = selection.request();
        this.candidates = selection.candidates();
        this.report = report;
        if (request.step()) {
            taken.add("TELEMETRY");
        }
        // A parameter named like a static field would shadow it in the generated method.
        for (Candidate candidate : candidates) {
            candidate.method().getParameters().forEach(parameter -> taken.add(parameter.getSimpleName()
                    .toString()));
        }
        this.attributeReader = new AttributeReader(report, taken);
    }

    /**
     * The attributes of a step's {@code execute}, built before the methods so that their keys come first.
     *
     * @param execute the implementation of execute
     * @param parameterTypes its parameter types, as seen from the step
     * @return the attributes, or empty after reporting an error
     */
    Optional<List<InstrumentedModel.Attribute>> stepAttributes(ExecutableElement execute,
            List<? extends TypeMirror> parameterTypes) {
        return attributeReader.read(execute, parameterTypes);
    }

    /**
     * Reports every problem of the selected methods and builds them.
     *
     * @param typeSlos the objectives of the type, which every traced method has unless it replaces them
     * @param typeWorkflow the workflow of the type, {@code ""} for none
     * @return the methods in source order, or empty after reporting at least one error
     */
    Optional<List<InstrumentedModel.Method>> build(List<InstrumentedModel.Slo> typeSlos, String typeWorkflow) {
        boolean valid = true;
        List<InstrumentedModel.Method> methods = new ArrayList<>();
        for (Candidate candidate : candidates) {
            ExecutableElement method = candidate.method();
            switch (candidate.status()) {
                case INVALID -> valid = report.add(method, candidate.problem(), candidate.arguments().toArray());
                case UNTRACED -> valid &= noAttributes(method, candidate.reason())
                        & noSlos(method, candidate.reason());
                case OBJECT -> {
                    if (!request.decorator()) {
                        valid &= noAttributes(method, candidate.reason()) & noSlos(method, candidate.reason());
                    }
                }
                case INACCESSIBLE -> {
                    reportLeftOut(candidate);
                    String reason = "its signature names a type " + request.generatedName() + " cannot name";
                    valid &= noAttributes(method, reason) & noSlos(method, reason);
                }
                case FORWARDED -> {
                    valid &= noAttributes(method, candidate.reason()) & noSlos(method, candidate.reason())
                            & accessible(candidate);
                    methods.add(method(candidate, Optional.empty(), List.of()));
                }
                case TRACED -> {
                    Optional<String> spanName = spanName(method);
                    Optional<List<InstrumentedModel.Attribute>> attributes =
                            attributeReader.read(method, candidate.type().getParameterTypes());
                    // Objectives and workflow of inherited methods are their own type's business.
                    boolean own = method.getEnclosingElement().equals(request.type());
                    Optional<List<InstrumentedModel.Slo>> ownSlos = own ? slos.read(method, report)
                            : Optional.of(List.of());
                    String workflow = own ? Annotations.workflow(method, Annotations.annotation(method,
                            RuntimeNames.OBSERVED.canonicalName()), typeWorkflow, report) : typeWorkflow;
                    valid &= accessible(candidate);
                    if (spanName.isEmpty() || attributes.isEmpty() || ownSlos.isEmpty() || workflow == null) {
                        valid = false;
                        continue;
                    }
                    String methodName = method.getSimpleName().toString();
                    List<InstrumentedModel.Slo> methodSlos = SloValidator.merge(typeSlos, ownSlos.get());
                    InstrumentedModel.TelemetryField field = telemetry.computeIfAbsent(
                            spanName.get() + '\n' + methodName,
                            key -> new InstrumentedModel.TelemetryField(Names.uniqueName(
                                    Names.constantName(methodName, "METHOD"), taken),
                                    spanName.get(), methodName, workflow, methodSlos, checks.sources.of(method)));
                    InstrumentedModel.TelemetryField first = bySpanName.putIfAbsent(spanName.get(), field);
                    if (!sameObjectives(first == null ? field : first, workflow, methodSlos)) {
                        valid = report.add(method, Diagnostic.SLO_CONFLICT, methodName, spanName.get(),
                                (first == null ? field : first).methodName());
                        continue;
                    }
                    methods.add(method(candidate, Optional.of(field.field()), attributes.get()));
                }
                case STEP -> {
                    // The step's execute: its model, attributes included, is built by ModelFactory.
                    if (SloValidator.hasSlos(method)) {
                        valid = SloValidator.misplaced(method, Diagnostic.SLO_ON_EXECUTE, "execute() runs the "
                                + "workflow step, whose objectives are declared on its class", "Move the "
                                + "objective to class " + request.type().getSimpleName(), report);
                    }
                }
            }
        }
        return valid ? Optional.of(methods) : Optional.empty();
    }

    private static boolean sameObjectives(InstrumentedModel.TelemetryField field, String workflow,
            List<InstrumentedModel.Slo> objectives) {
        return field.workflow().equals(workflow) && field.slos().equals(objectives);
    }

    /** An error for objectives on a method that is not traced. */
    private boolean noSlos(ExecutableElement method, String reason) {
        if (!method.getEnclosingElement().equals(request.type()) || !SloValidator.hasSlos(method)) {
            return true;
        }
        String name = method.getSimpleName() + "()";
        return SloValidator.misplaced(method, Diagnostic.SLO_UNTRACED, name + " is not traced, as " + reason,
                "Put @Observed on " + name + " (which must be neither private, static nor final)", report);
    }

    List<InstrumentedModel.TelemetryField> telemetryFields() {
        return List.copyOf(telemetry.values());
    }

    List<InstrumentedModel.AttributeKeyField> attributeKeys() {
        return attributeReader.keys();
    }

    private Optional<String> spanName(ExecutableElement method) {
        String fallback = request.spanPrefix() + "." + method.getSimpleName();
        AnnotationMirror observed = Annotations.annotation(method, RuntimeNames.OBSERVED.canonicalName());
        AnnotationValue value = Annotations.explicitValue(observed, "name");
        if (value == null || !(value.getValue() instanceof String name) || name.isEmpty()) {
            return Optional.of(fallback);
        }
        if (name.isBlank()) {
            report.add(method, observed, value, Diagnostic.BLANK_METHOD_NAME, method.getSimpleName() + "()",
                    fallback);
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** Errors for the {@code @Observed.Attribute} parameters of a method that is not traced. */
    private boolean noAttributes(ExecutableElement method, String reason) {
        if (!method.getEnclosingElement().equals(request.type())) {
            return true; // inherited: its own type answers for it
        }
        boolean valid = true;
        for (VariableElement parameter : method.getParameters()) {
            AnnotationMirror attribute = Annotations.annotation(parameter,
                    RuntimeNames.ATTRIBUTE.canonicalName());
            if (attribute != null) {
                valid = report.add(parameter, Diagnostic.ATTRIBUTE_UNTRACED, parameter.getSimpleName(),
                        method.getSimpleName() + "()", reason);
            }
        }
        return valid;
    }

    private boolean accessible(Candidate candidate) {
        TypeElement hidden = MethodSelector.hiddenType(checks, request, candidate);
        if (hidden == null) {
            return true;
        }
        String name = candidate.method().getSimpleName() + "()";
        boolean isPrivate = hidden.getModifiers().contains(Modifier.PRIVATE);
        return report.add(candidate.method(), Diagnostic.PRIVATE_TYPE, name,
                isPrivate ? "private" : "package-private", hidden.getQualifiedName(), request.generatedName(),
                hidden.getSimpleName(), isPrivate ? "package-private" : "public",
                request.decorator() ? "." : ", or stop tracing " + name + ".");
    }

    /** The warning (or, for an inherited method the user cannot annotate, the note) for a method left out. */
    private void reportLeftOut(Candidate candidate) {
        ExecutableElement method = candidate.method();
        TypeElement hidden = MethodSelector.hiddenType(checks, request, candidate);
        String name = method.getSimpleName() + "()";
        TypeElement type = request.type();
        String access = hidden.getModifiers().contains(Modifier.PRIVATE) ? "private" : "package-private";
        if (method.getEnclosingElement().equals(type)) {
            report.add(method, Diagnostic.INACCESSIBLE_TYPE, type.getSimpleName(), name, access,
                    hidden.getQualifiedName(), request.generatedName(), hidden.getSimpleName(),
                    access.equals("private") ? "package-private" : "public");
        } else {
            report.add(type, Diagnostic.INHERITED_INACCESSIBLE_TYPE, type.getSimpleName(), name,
                    method.getEnclosingElement().getSimpleName(), access, hidden.getQualifiedName(),
                    request.generatedName());
        }
    }

    private InstrumentedModel.Method method(Candidate candidate, Optional<String> telemetryField,
            List<InstrumentedModel.Attribute> attributes) {
        ExecutableElement method = candidate.method();
        ExecutableType type = candidate.type();
        List<InstrumentedModel.Parameter> parameters =
                TypeChecks.parameters(method.getParameters(), type.getParameterTypes());
        Set<String> names = new HashSet<>();
        parameters.forEach(parameter -> names.add(parameter.name()));
        boolean varargs = method.isVarArgs();
        boolean uncheckedVarargs = varargs && !TypeChecks.reifiable(
                ((ArrayType) parameters.get(parameters.size() - 1).type()).getComponentType());
        return new InstrumentedModel.Method(
                method.getSimpleName().toString(),
                access(method),
                typeParameters(candidate),
                type.getReturnType(),
                parameters,
                varargs,
                List.copyOf(type.getThrownTypes()),
                checks.elements.isDeprecated(method),
                uncheckedVarargs,
                Annotations.suppressedWarnings(method, request.type()),
                telemetryField,
                telemetryField.isPresent() && isCompletionStage(type.getReturnType()),
                attributes,
                Names.freeName("invocation", names),
                Names.freeName("failure", names));
    }

    private InstrumentedModel.Access access(ExecutableElement method) {
        Set<Modifier> modifiers = method.getModifiers();
        if (request.decorator() || modifiers.contains(Modifier.PUBLIC)) {
            return InstrumentedModel.Access.PUBLIC;
        }
        return modifiers.contains(Modifier.PROTECTED) ? InstrumentedModel.Access.PROTECTED
                : InstrumentedModel.Access.PACKAGE;
    }

    /**
     * The method's type parameters: as written when it is declared in the annotated type (type-use annotations
     * and all), else as seen from it (bounds substituted).
     */
    private List<InstrumentedModel.TypeParameter> typeParameters(Candidate candidate) {
        List<InstrumentedModel.TypeParameter> parameters = new ArrayList<>();
        if (candidate.method().getEnclosingElement().equals(request.type())) {
            for (TypeParameterElement parameter : candidate.method().getTypeParameters()) {
                parameters.add(new InstrumentedModel.TypeParameter(parameter.getSimpleName().toString(),
                        List.copyOf(parameter.getBounds())));
            }
        } else {
            for (TypeVariable variable : candidate.type().getTypeVariables()) {
                parameters.add(new InstrumentedModel.TypeParameter(
                        variable.asElement().getSimpleName().toString(), MethodSelector.bounds(variable)));
            }
        }
        return parameters;
    }

    private boolean isCompletionStage(TypeMirror type) {
        TypeElement stage = checks.elements.getTypeElement(RuntimeNames.COMPLETION_STAGE);
        return stage != null && type.getKind() != TypeKind.VOID && !type.getKind().isPrimitive()
                && checks.types.isAssignable(checks.types.erasure(type), checks.types.erasure(stage.asType()));
    }
}
