package dev.tta.workflow.processor;

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
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;

/**
 * Decides which methods an {@code Instrumented*} class overrides, checks them and their {@code @Observed.Attribute}
 * parameters, and builds their part of the {@link InstrumentedModel}.
 *
 * <p>Used in two phases, so that a type deferred to the next round is never reported twice: {@link #select} looks at
 * the methods and throws {@link UnresolvedTypeException} if a signature is not resolved yet, reporting nothing;
 * {@link Selection#build} reports every problem and builds the model.
 */
final class MethodsValidator {

    /** Keys the runtime sets itself: a parameter attribute with one of them would overwrite it or be overwritten. */
    private static final Set<String> RESERVED_KEYS = Set.of("code.function.name", "error.type");
    private static final String RESERVED_PREFIX = "workflow.";
    private static final String OBJECT_REASON = "@Observed on a type leaves out the methods of Object";

    private final ProcessingContext env;
    private final SloValidator slos;

    MethodsValidator(ProcessingContext env, SloValidator slos) {
        this.env = env;
        this.slos = slos;
    }

    /** What {@code @Observed} asks of a type, as seen by {@link ObservedValidator}. */
    record Request(
            TypeElement type,
            String generatedName,
            boolean typeLevel,
            boolean step,
            boolean decorator,
            String spanPrefix,
            ExecutableElement primitiveExecute) {
    }

    private enum Status {
        /** Overridden and traced. */
        TRACED,
        /** Overridden and forwarded untraced: a decorator's excluded or unannotated methods. */
        FORWARDED,
        /** Not overridden; its attribute parameters are errors. */
        UNTRACED,
        /** Not overridden, because of the error in {@code problem}. */
        INVALID,
        /** Not overridden: picked by a class-level {@code @Observed}, but its signature names a type it cannot. */
        INACCESSIBLE,
        /** The step's {@code execute}, which the step model handles. */
        STEP,
        /** One of {@code Object}'s methods, which a class-level {@code @Observed} leaves out. */
        OBJECT
    }

    private record Candidate(ExecutableElement method, ExecutableType type, Status status, String reason) {
    }

    /**
     * Picks the methods to override, reporting nothing.
     *
     * @param request the type and how it is annotated
     * @return the selection, to be built once the type's own checks have run
     * @throws UnresolvedTypeException if a method to override refers to a type that is not resolved yet
     */
    Selection select(Request request) throws UnresolvedTypeException {
        List<Candidate> candidates = new ArrayList<>();
        for (Candidate candidate : request.decorator() ? interfaceCandidates(request) : classCandidates(request)) {
            if (candidate.status() == Status.TRACED || candidate.status() == Status.FORWARDED) {
                ExecutableType type = candidate.type();
                env.requireResolved(type.getReturnType(), type.getParameterTypes(), type.getThrownTypes());
                env.requireResolvedBounds(candidate.method().getTypeParameters());
            }
            // A class-level @Observed traces what it can: a method whose signature the generated class cannot
            // write is left out, with a warning; asked for by name (or in a decorator, which must implement it),
            // it is an error.
            boolean implicit = !request.decorator() && candidate.status() == Status.TRACED
                    && !ProcessingContext.has(candidate.method(), RuntimeNames.OBSERVED.canonicalName());
            candidates.add(implicit && hiddenType(request, candidate) != null
                    ? new Candidate(candidate.method(), candidate.type(), Status.INACCESSIBLE, null) : candidate);
        }
        return new Selection(request, candidates);
    }

    private List<Candidate> classCandidates(Request request) {
        TypeElement type = request.type();
        List<Candidate> candidates = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Set<Modifier> modifiers = method.getModifiers();
            boolean observed = ProcessingContext.has(method, RuntimeNames.OBSERVED.canonicalName());
            boolean excluded = ProcessingContext.has(method, RuntimeNames.EXCLUDE.canonicalName());
            boolean execute = request.primitiveExecute() != null
                    && env.elements.overrides(method, request.primitiveExecute(), type);
            String name = method.getSimpleName() + "()";
            String generated = request.generatedName();
            Status status;
            String reason = null;
            if (observed) {
                status = Status.INVALID;
                if (excluded) {
                    reason = "[ObservedExcludeConflict] " + name + " carries both @Observed and @Observed.Exclude. "
                            + "Keep one of them.";
                } else if (execute) {
                    reason = request.step()
                            ? "[ObservedOnExecute] execute() is traced already, as the workflow step: remove "
                                    + "@Observed from execute()."
                            : "[ObservedOnExecute] A workflow step is traced through its class, so that the span of "
                                    + "execute() is a child of its WorkflowContext's span: move @Observed from "
                                    + "execute() to class " + type.getSimpleName() + ".";
                } else if (modifiers.contains(Modifier.STATIC)) {
                    reason = "[ObservedStaticMethod] @Observed method " + name + " is static, and a static method "
                            + "cannot be overridden, so " + generated + " cannot trace it. Make it an instance "
                            + "method, or remove @Observed.";
                } else if (modifiers.contains(Modifier.PRIVATE)) {
                    reason = "[ObservedPrivateMethod] @Observed method " + name + " is private, so " + generated
                            + " cannot override it to trace it. Make it package-private, protected or public, or "
                            + "remove @Observed.";
                } else if (modifiers.contains(Modifier.FINAL)) {
                    reason = "[ObservedFinalMethod] @Observed method " + name + " is final, so " + generated
                            + " cannot override it to trace it. Remove final, or remove @Observed.";
                } else if (modifiers.contains(Modifier.ABSTRACT)) {
                    reason = "[ObservedAbstractMethod] @Observed method " + name + " is abstract, so " + generated
                            + " has no implementation of it to call. Put @Observed on the method that implements "
                            + "it, in the subclass.";
                } else {
                    status = Status.TRACED;
                }
            } else if (execute && request.step()) {
                status = Status.STEP;
            } else {
                reason = untracedReason(request, method, excluded);
                status = reason == null ? Status.TRACED
                        : reason.equals(OBJECT_REASON) ? Status.OBJECT : Status.UNTRACED;
            }
            candidates.add(new Candidate(method, env.memberType(type, method), status, reason));
        }
        if (request.typeLevel() && !request.step()) {
            inheritedCandidates(request, candidates);
        }
        return candidates;
    }

    /**
     * The public and protected methods a class inherits and does not override, which its class-level
     * {@code @Observed} traces as it traces its own: a user annotating a class means its public API.
     */
    private void inheritedCandidates(Request request, List<Candidate> candidates) {
        TypeElement type = request.type();
        for (ExecutableElement method : memberMethods(type)) {
            Set<Modifier> modifiers = method.getModifiers();
            if (method.getEnclosingElement().equals(type)
                    || !modifiers.contains(Modifier.PUBLIC) && !modifiers.contains(Modifier.PROTECTED)
                    || modifiers.contains(Modifier.FINAL) || modifiers.contains(Modifier.ABSTRACT)
                    || ProcessingContext.has(method, RuntimeNames.EXCLUDE.canonicalName())
                    // Overriding a method deprecated for removal warns even from a deprecated override.
                    || isDeprecatedForRemoval(method)) {
                continue;
            }
            Status status = isObjectMethod(method) ? Status.OBJECT : Status.TRACED;
            candidates.add(new Candidate(method, env.memberType(type, method), status,
                    status == Status.OBJECT ? OBJECT_REASON : null));
        }
    }

    private static boolean isDeprecatedForRemoval(ExecutableElement method) {
        Deprecated deprecated = method.getAnnotation(Deprecated.class);
        return deprecated != null && deprecated.forRemoval();
    }

    /** Why a method without {@code @Observed} of its own is not traced, or null when its type's annotation traces it. */
    private String untracedReason(Request request, ExecutableElement method, boolean excluded) {
        Set<Modifier> modifiers = method.getModifiers();
        if (!request.typeLevel()) {
            return "neither it nor " + request.type().getSimpleName() + " carries @Observed";
        } else if (request.step()) {
            return "@Observed on a workflow step traces execute() only";
        } else if (excluded) {
            return "it carries @Observed.Exclude";
        } else if (modifiers.contains(Modifier.STATIC)) {
            return "it is static";
        } else if (modifiers.contains(Modifier.PRIVATE)) {
            return "it is private";
        } else if (modifiers.contains(Modifier.FINAL)) {
            return "it is final";
        } else if (modifiers.contains(Modifier.ABSTRACT)) {
            return "it is abstract";
        } else if (!modifiers.contains(Modifier.PUBLIC) && !modifiers.contains(Modifier.PROTECTED)) {
            return "@Observed on a class traces its public and protected methods only";
        } else if (isObjectMethod(method)) {
            return OBJECT_REASON;
        }
        return null;
    }

    private List<Candidate> interfaceCandidates(Request request) {
        TypeElement type = request.type();
        List<Candidate> candidates = new ArrayList<>();
        String generated = request.generatedName();
        // Static and private methods are not the decorator's business, unless someone asked to trace them.
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Set<Modifier> modifiers = method.getModifiers();
            if (!modifiers.contains(Modifier.STATIC) && !modifiers.contains(Modifier.PRIVATE)) {
                continue;
            }
            String name = method.getSimpleName() + "()";
            Status status = Status.UNTRACED;
            String reason = modifiers.contains(Modifier.STATIC) ? "it is static" : "it is private";
            if (ProcessingContext.has(method, RuntimeNames.OBSERVED.canonicalName())) {
                status = Status.INVALID;
                reason = modifiers.contains(Modifier.STATIC)
                        ? "[ObservedStaticMethod] @Observed method " + name + " is static: calls to it never go "
                                + "through " + generated + ", so it cannot be traced. Make it a default method, or "
                                + "remove @Observed."
                        : "[ObservedPrivateMethod] @Observed method " + name + " is private, so " + generated
                                + " cannot override it to trace it. Make it a default method, or remove @Observed.";
            }
            candidates.add(new Candidate(method, (ExecutableType) method.asType(), status, reason));
        }
        for (ExecutableElement method : interfaceMethods(type)) {
            boolean observed = ProcessingContext.has(method, RuntimeNames.OBSERVED.canonicalName());
            boolean excluded = ProcessingContext.has(method, RuntimeNames.EXCLUDE.canonicalName());
            Status status;
            String reason = null;
            if (observed && excluded) {
                status = Status.INVALID;
                reason = "[ObservedExcludeConflict] " + method.getSimpleName() + "() carries both @Observed and "
                        + "@Observed.Exclude. Keep one of them.";
            } else if (observed || request.typeLevel() && !excluded && !isObjectMethod(method)) {
                status = Status.TRACED;
            } else if (isObjectMethod(method)) {
                // Object's implementation serves; a decorator keeps its own identity.
                status = Status.OBJECT;
            } else {
                status = Status.FORWARDED;
                reason = excluded ? "it carries @Observed.Exclude"
                        : "neither it nor " + type.getSimpleName() + " carries @Observed";
            }
            candidates.add(new Candidate(method, env.memberType(type, method), status, reason));
        }
        return candidates;
    }

    /**
     * The abstract and default methods of an interface, its superinterfaces' included, each once (the most specific
     * declaration wins), in a reproducible order: the interface's own in source order, then each superinterface's.
     */
    private List<ExecutableElement> interfaceMethods(TypeElement type) {
        List<ExecutableElement> methods = new ArrayList<>();
        for (ExecutableElement method : memberMethods(type)) {
            if (!method.getModifiers().contains(Modifier.STATIC) && !method.getModifiers().contains(Modifier.PRIVATE)) {
                methods.add(method);
            }
        }
        return methods;
    }

    /**
     * The instance methods that are members of a type, declared or inherited, one per signature: the declaration
     * javac would pick when two paths bring the same method (one that overrides the others, else the one with the
     * most specific return type, else the nearest). In a reproducible order: the type's own in source order, then
     * its superclasses' (nearest first), then its superinterfaces', depth first in {@code extends} order; each
     * signature where it first appears.
     */
    private List<ExecutableElement> memberMethods(TypeElement root) {
        List<TypeElement> declaring = new ArrayList<>();
        for (TypeElement current = root; current != null && !current.getQualifiedName().contentEquals(
                Object.class.getName()); current = superclass(current)) {
            declaring.add(current);
        }
        Set<TypeElement> visited = new HashSet<>(declaring);
        for (TypeElement current : List.copyOf(declaring)) {
            collectInterfaces(current, declaring, visited);
        }
        Map<ExecutableElement, ExecutableType> memberTypes = new HashMap<>();
        List<List<ExecutableElement>> signatures = new ArrayList<>();
        for (TypeElement current : declaring) {
            for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
                Set<Modifier> modifiers = method.getModifiers();
                if (modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE) && current != root
                        || env.elements.getOrigin(method) == javax.lang.model.util.Elements.Origin.SYNTHETIC) {
                    continue;
                }
                memberTypes.put(method, env.memberType(root, method));
                List<ExecutableElement> same = null;
                for (List<ExecutableElement> signature : signatures) {
                    if (sameSignature(root, signature.get(0), method, memberTypes)) {
                        same = signature;
                        break;
                    }
                }
                if (same == null) {
                    signatures.add(new ArrayList<>(List.of(method)));
                } else {
                    same.add(method);
                }
            }
        }
        List<ExecutableElement> members = new ArrayList<>();
        for (List<ExecutableElement> signature : signatures) {
            members.add(mostSpecific(root, signature, memberTypes));
        }
        return members;
    }

    private void collectInterfaces(TypeElement type, List<TypeElement> declaring, Set<TypeElement> visited) {
        for (TypeMirror superinterface : type.getInterfaces()) {
            if (superinterface.getKind() == TypeKind.DECLARED
                    && env.types.asElement(superinterface) instanceof TypeElement element && visited.add(element)) {
                declaring.add(element);
                collectInterfaces(element, declaring, visited);
            }
        }
    }

    private boolean sameSignature(TypeElement root, ExecutableElement first, ExecutableElement other,
            Map<ExecutableElement, ExecutableType> memberTypes) {
        if (!first.getSimpleName().equals(other.getSimpleName())
                || first.getParameters().size() != other.getParameters().size()) {
            return false;
        }
        if (first.getModifiers().contains(Modifier.PRIVATE) || other.getModifiers().contains(Modifier.PRIVATE)) {
            return first.equals(other);
        }
        ExecutableType firstType = memberTypes.get(first);
        ExecutableType otherType = memberTypes.get(other);
        return env.elements.overrides(first, other, root) || env.elements.overrides(other, first, root)
                || env.types.isSubsignature(firstType, otherType) || env.types.isSubsignature(otherType, firstType);
    }

    /**
     * Of the declarations one signature has along the paths to a type, the one a class implementing the type
     * overrides: not overridden by another, then the one whose return type is a subtype of all the others' (a
     * covariant override on one path), then the nearest.
     */
    private ExecutableElement mostSpecific(TypeElement root, List<ExecutableElement> declarations,
            Map<ExecutableElement, ExecutableType> memberTypes) {
        if (declarations.size() == 1) {
            return declarations.get(0);
        }
        List<ExecutableElement> remaining = new ArrayList<>();
        for (ExecutableElement method : declarations) {
            boolean overridden = false;
            for (ExecutableElement other : declarations) {
                if (other != method && env.elements.overrides(other, method, root)) {
                    overridden = true;
                    break;
                }
            }
            if (!overridden) {
                remaining.add(method);
            }
        }
        if (remaining.isEmpty()) {
            return declarations.get(0);
        }
        // A class's implementation wins over an interface's, as in the language.
        for (ExecutableElement method : remaining) {
            if (method.getEnclosingElement().getKind() == ElementKind.CLASS) {
                return method;
            }
        }
        for (ExecutableElement method : remaining) {
            TypeMirror returned = memberTypes.get(method).getReturnType();
            if (remaining.stream().allMatch(other -> returnsSubtype(returned,
                    memberTypes.get(other).getReturnType()))) {
                return method;
            }
        }
        return remaining.get(0);
    }

    private boolean returnsSubtype(TypeMirror returned, TypeMirror other) {
        if (returned.getKind() == TypeKind.VOID || other.getKind() == TypeKind.VOID) {
            return returned.getKind() == other.getKind();
        }
        return env.types.isSubtype(returned, other)
                || env.types.isSubtype(env.types.erasure(returned), env.types.erasure(other));
    }

    private TypeElement superclass(TypeElement type) {
        TypeMirror superclass = type.getSuperclass();
        return superclass.getKind() == TypeKind.DECLARED ? (TypeElement) env.types.asElement(superclass) : null;
    }

    /** {@code equals}, {@code hashCode}, {@code toString}, {@code clone} and {@code finalize}, as Object declares them. */
    private boolean isObjectMethod(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        List<? extends VariableElement> parameters = method.getParameters();
        if (name.equals("equals")) {
            return parameters.size() == 1 && env.types.erasure(parameters.get(0).asType()).toString()
                    .equals(Object.class.getName());
        }
        return parameters.isEmpty() && Set.of("hashCode", "toString", "clone", "finalize").contains(name);
    }

    /** The methods picked by {@link #select}, ready to be checked and built. */
    final class Selection {

        private final Request request;
        private final List<Candidate> candidates;
        private final Set<String> taken = new HashSet<>();
        private final Map<String, InstrumentedModel.TelemetryField> telemetry = new LinkedHashMap<>();
        /** The first telemetry field of each span name: one primitive, whose objectives must agree. */
        private final Map<String, InstrumentedModel.TelemetryField> bySpanName = new HashMap<>();
        private final Map<String, InstrumentedModel.AttributeKeyField> keys = new LinkedHashMap<>();

        private Selection(Request request, List<Candidate> candidates) {
            this.request = request;
            this.candidates = candidates;
            if (request.step()) {
                taken.add("TELEMETRY");
            }
            // A parameter named like a static field would shadow it in the generated method.
            for (Candidate candidate : candidates) {
                candidate.method().getParameters().forEach(parameter -> taken.add(parameter.getSimpleName()
                        .toString()));
            }
        }

        /**
         * Whether the generated class traces any method besides a step's {@code execute}.
         *
         * @return true if at least one method is traced
         */
        boolean tracesAny() {
            return candidates.stream().anyMatch(candidate -> candidate.status() == Status.TRACED);
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
            return attributes(execute, parameterTypes);
        }

        /** A name for the decorator's delegate that no parameter shadows. */
        String delegateName() {
            Set<String> parameters = new HashSet<>();
            candidates.forEach(candidate -> candidate.method().getParameters()
                    .forEach(parameter -> parameters.add(parameter.getSimpleName().toString())));
            return ProcessingContext.freeName("delegate", parameters);
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
                    case INVALID -> valid = env.error(method, candidate.reason());
                    case UNTRACED -> valid &= noAttributes(method, candidate.reason())
                            & noSlos(method, candidate.reason());
                    case OBJECT -> {
                        if (!request.decorator()) {
                            valid &= noAttributes(method, candidate.reason()) & noSlos(method, candidate.reason());
                        }
                    }
                    case INACCESSIBLE -> reportLeftOut(candidate);
                    case FORWARDED -> {
                        valid &= noAttributes(method, candidate.reason()) & noSlos(method, candidate.reason())
                                & accessible(candidate);
                        methods.add(method(candidate, Optional.empty(), List.of()));
                    }
                    case TRACED -> {
                        Optional<String> spanName = spanName(method);
                        Optional<List<InstrumentedModel.Attribute>> attributes =
                                attributes(method, candidate.type().getParameterTypes());
                        // Objectives and workflow of methods inherited by a decorator are their own type's business.
                        boolean own = method.getEnclosingElement().equals(request.type());
                        Optional<List<InstrumentedModel.Slo>> ownSlos = own ? slos.read(method)
                                : Optional.of(List.of());
                        String workflow = own ? env.workflow(method, ProcessingContext.annotation(method,
                                RuntimeNames.OBSERVED.canonicalName()), typeWorkflow) : typeWorkflow;
                        valid &= accessible(candidate);
                        if (spanName.isEmpty() || attributes.isEmpty() || ownSlos.isEmpty() || workflow == null) {
                            valid = false;
                            continue;
                        }
                        String methodName = method.getSimpleName().toString();
                        List<InstrumentedModel.Slo> methodSlos = SloValidator.merge(typeSlos, ownSlos.get());
                        InstrumentedModel.TelemetryField field = telemetry.computeIfAbsent(
                                spanName.get() + '\n' + methodName,
                                key -> new InstrumentedModel.TelemetryField(ProcessingContext.uniqueName(
                                        ProcessingContext.constantName(methodName, "METHOD"), taken),
                                        spanName.get(), methodName, workflow, methodSlos));
                        InstrumentedModel.TelemetryField first = bySpanName.putIfAbsent(spanName.get(), field);
                        if (!sameObjectives(first == null ? field : first, workflow, methodSlos)) {
                            valid = env.error(method, "[SloConflict] " + methodName + "() is traced as \""
                                    + spanName.get() + "\", like " + (first == null ? field : first).methodName()
                                    + "() before it: one primitive, so their objectives and workflow must be the "
                                    + "same. Declare the same ones, or give " + methodName + "() a name of its own "
                                    + "with @Observed(name = \"...\").");
                            continue;
                        }
                        methods.add(method(candidate, Optional.of(field.field()), attributes.get()));
                    }
                    case STEP -> {
                        // The step's execute: its model, attributes included, is built by ObservedValidator.
                        if (SloValidator.hasSlos(method)) {
                            valid = slos.misplaced(method, "SloOnExecute", "execute() runs the workflow step, "
                                    + "whose objectives are declared on its class", "Move the objective to class "
                                    + request.type().getSimpleName());
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
            return slos.misplaced(method, "SloUntraced", name + " is not traced, as " + reason, "Put @Observed on "
                    + name + " (which must be neither private, static nor final)");
        }

        List<InstrumentedModel.TelemetryField> telemetryFields() {
            return List.copyOf(telemetry.values());
        }

        List<InstrumentedModel.AttributeKeyField> attributeKeys() {
            return List.copyOf(keys.values());
        }

        private Optional<String> spanName(ExecutableElement method) {
            String fallback = request.spanPrefix() + "." + method.getSimpleName();
            AnnotationMirror observed = ProcessingContext.annotation(method, RuntimeNames.OBSERVED.canonicalName());
            AnnotationValue value = ProcessingContext.explicitValue(observed, "name");
            if (value == null || !(value.getValue() instanceof String name) || name.isEmpty()) {
                return Optional.of(fallback);
            }
            if (name.isBlank()) {
                env.error(method, observed, value, "[ObservedBlankName] @Observed(name) must not be blank: it names "
                        + "the span of " + method.getSimpleName() + "() and its metrics. Give a name, or leave name "
                        + "out to use \"" + fallback + "\".");
                return Optional.empty();
            }
            return Optional.of(name);
        }

        /** Errors for the {@code @Observed.Attribute} parameters of a method that is not traced. */
        private boolean noAttributes(ExecutableElement method, String reason) {
            if (!method.getEnclosingElement().equals(request.type())) {
                return true; // inherited by a decorator: its own type answers for it
            }
            boolean valid = true;
            for (VariableElement parameter : method.getParameters()) {
                AnnotationMirror attribute = ProcessingContext.annotation(parameter,
                        RuntimeNames.ATTRIBUTE.canonicalName());
                if (attribute != null) {
                    valid = env.error(parameter, untracedAttribute(parameter, method, reason));
                }
            }
            return valid;
        }

        private boolean accessible(Candidate candidate) {
            TypeElement hidden = hiddenType(request, candidate);
            if (hidden == null) {
                return true;
            }
            String name = candidate.method().getSimpleName() + "()";
            boolean isPrivate = hidden.getModifiers().contains(Modifier.PRIVATE);
            return env.error(candidate.method(), "[ObservedPrivateType] " + name + " refers to "
                    + (isPrivate ? "private" : "package-private") + " type " + hidden.getQualifiedName() + ", which "
                    + request.generatedName() + " cannot name to override " + name + ". Make "
                    + hidden.getSimpleName() + (isPrivate ? " package-private" : " public")
                    + (request.decorator() ? "." : ", or stop tracing " + name + "."));
        }

        /** The warning (or, for an inherited method the user cannot annotate, the note) for a method left out. */
        private void reportLeftOut(Candidate candidate) {
            ExecutableElement method = candidate.method();
            TypeElement hidden = hiddenType(request, candidate);
            String name = method.getSimpleName() + "()";
            String type = request.type().getSimpleName().toString();
            boolean isPrivate = hidden.getModifiers().contains(Modifier.PRIVATE);
            String because = ": it refers to " + (isPrivate ? "private" : "package-private") + " type "
                    + hidden.getQualifiedName() + ", which " + request.generatedName() + " cannot name to override it.";
            if (method.getEnclosingElement().equals(request.type())) {
                env.warning(method, "[ObservedInaccessibleType] @Observed on " + type + " does not trace " + name
                        + because + " Put @Observed.Exclude on " + name + " to leave it out without this warning, or "
                        + "make " + hidden.getSimpleName() + (isPrivate ? " package-private." : " public."));
            } else {
                env.note(request.type(), "[ObservedInheritedInaccessibleType] @Observed on " + type + " does not "
                        + "trace " + name + ", inherited from " + method.getEnclosingElement().getSimpleName()
                        + because);
            }
        }

        /**
         * The names of {@code Object}'s methods that the type declares or inherits and that a class-level
         * {@code @Observed} left out, for the message saying why nothing was traced.
         *
         * @return names such as {@code clone()}, in order
         */
        List<String> objectMethods() {
            return candidates.stream().filter(candidate -> candidate.status() == Status.OBJECT)
                    .map(candidate -> candidate.method().getSimpleName() + "()").distinct().toList();
        }

        private Optional<List<InstrumentedModel.Attribute>> attributes(ExecutableElement method,
                List<? extends TypeMirror> parameterTypes) {
            boolean valid = true;
            List<InstrumentedModel.Attribute> attributes = new ArrayList<>();
            Map<String, VariableElement> seen = new LinkedHashMap<>();
            List<? extends VariableElement> parameters = method.getParameters();
            for (int i = 0; i < parameters.size(); i++) {
                VariableElement parameter = parameters.get(i);
                AnnotationMirror annotation = ProcessingContext.annotation(parameter,
                        RuntimeNames.ATTRIBUTE.canonicalName());
                if (annotation == null) {
                    continue;
                }
                AnnotationValue value = ProcessingContext.explicitValue(annotation, "value");
                String key = value == null || ((String) value.getValue()).isEmpty()
                        ? parameter.getSimpleName().toString() : (String) value.getValue();
                String where = "parameter " + parameter.getSimpleName() + " of " + method.getSimpleName() + "()";
                if (key.isBlank()) {
                    valid = env.error(parameter, annotation, value, "[ObservedBlankAttribute] The attribute key of "
                            + where + " must not be blank. Give a key such as \"order.id\", or leave the value out "
                            + "to use the parameter's name \"" + parameter.getSimpleName() + "\".");
                    continue;
                }
                if (RESERVED_KEYS.contains(key) || key.startsWith(RESERVED_PREFIX)) {
                    valid = env.error(parameter, annotation, value,
                            "[ObservedReservedAttribute] The attribute key \"" + key + "\" of " + where + " is set "
                            + "by tta-workflow itself (workflow.*, code.function.name, error.type). Choose another "
                            + "key, for example with your domain's prefix.");
                    continue;
                }
                VariableElement previous = seen.putIfAbsent(key, parameter);
                if (previous != null) {
                    valid = env.error(parameter, "[ObservedDuplicateAttribute] " + where + " and parameter "
                            + previous.getSimpleName() + " both record the attribute \"" + key + "\": one would "
                            + "overwrite the other. Give them different keys.");
                    continue;
                }
                AttributeTypes.Mapping mapping = AttributeTypes.of(parameterTypes.get(i));
                InstrumentedModel.AttributeKeyField field = keys.computeIfAbsent(mapping.keyType() + "\n" + key,
                        ignored -> new InstrumentedModel.AttributeKeyField(ProcessingContext.uniqueName(
                                ProcessingContext.constantName(key, "ATTRIBUTE"), taken), mapping.keyType(), key));
                attributes.add(new InstrumentedModel.Attribute(field.field(), parameter.getSimpleName().toString(),
                        mapping.conversion()));
            }
            return valid ? Optional.of(attributes) : Optional.empty();
        }

        private InstrumentedModel.Method method(Candidate candidate, Optional<String> telemetryField,
                List<InstrumentedModel.Attribute> attributes) {
            ExecutableElement method = candidate.method();
            ExecutableType type = candidate.type();
            List<InstrumentedModel.Parameter> parameters =
                    ProcessingContext.parameters(method.getParameters(), type.getParameterTypes());
            Set<String> names = new HashSet<>();
            parameters.forEach(parameter -> names.add(parameter.name()));
            boolean varargs = method.isVarArgs();
            boolean uncheckedVarargs = varargs && !ProcessingContext.reifiable(
                    ((ArrayType) parameters.get(parameters.size() - 1).type()).getComponentType());
            return new InstrumentedModel.Method(
                    method.getSimpleName().toString(),
                    access(method),
                    typeParameters(candidate),
                    type.getReturnType(),
                    parameters,
                    varargs,
                    List.copyOf(type.getThrownTypes()),
                    env.elements.isDeprecated(method),
                    uncheckedVarargs,
                    ProcessingContext.suppressedWarnings(method, request.type()),
                    telemetryField,
                    telemetryField.isPresent() && isCompletionStage(type.getReturnType()),
                    attributes,
                    ProcessingContext.freeName("invocation", names),
                    ProcessingContext.freeName("failure", names));
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
                            variable.asElement().getSimpleName().toString(), bounds(variable)));
                }
            }
            return parameters;
        }
    }

    /** The first type in the candidate's signature that the generated class cannot name, or null. */
    private TypeElement hiddenType(Request request, Candidate candidate) {
        ExecutableType type = candidate.type();
        List<TypeMirror> used = new ArrayList<>(type.getParameterTypes());
        used.add(type.getReturnType());
        used.addAll(type.getThrownTypes());
        for (TypeVariable variable : type.getTypeVariables()) {
            used.addAll(bounds(variable));
        }
        String packageName = env.elements.getPackageOf(request.type()).getQualifiedName().toString();
        for (TypeMirror mirror : used) {
            TypeElement hidden = env.inaccessibleTypeIn(mirror, packageName);
            if (hidden != null) {
                return hidden;
            }
        }
        return null;
    }

    private static List<TypeMirror> bounds(TypeVariable variable) {
        TypeMirror upper = variable.getUpperBound();
        if (upper.getKind() == TypeKind.INTERSECTION) {
            return List.copyOf(((IntersectionType) upper).getBounds());
        }
        return List.of(upper);
    }

    private boolean isCompletionStage(TypeMirror type) {
        TypeElement stage = env.elements.getTypeElement(RuntimeNames.COMPLETION_STAGE);
        return stage != null && type.getKind() != TypeKind.VOID && !type.getKind().isPrimitive()
                && env.types.isAssignable(env.types.erasure(type), env.types.erasure(stage.asType()));
    }

    static String untracedAttribute(VariableElement parameter, ExecutableElement method, String reason) {
        String name = method.getSimpleName() + "()";
        return "[ObservedAttributeUntraced] @Observed.Attribute on parameter " + parameter.getSimpleName() + " of "
                + name + " records nothing: " + name + " is not traced, as " + reason + ". Put @Observed on " + name
                + " (which must be neither private, static nor final), or remove @Observed.Attribute.";
    }
}
