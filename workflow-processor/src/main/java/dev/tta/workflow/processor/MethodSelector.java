package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;

/**
 * Decides which methods an {@code Instrumented*} class overrides, and why the others are not: a class's own methods
 * and, under a class-level {@code @Observed}, those it inherits; an interface's abstract and default methods, its
 * superinterfaces' included, each signature once, as javac would pick it. Reports nothing: the problems it finds are
 * carried in the {@link Selection}, which {@link MethodModels} reports and builds.
 */
final class MethodSelector {

    private static final String OBJECT_REASON = "@Observed on a type leaves out the methods of Object";

    private final TypeChecks checks;

    MethodSelector(TypeChecks checks) {
        this.checks = checks;
    }

    /** What {@code @Observed} asks of a type, as seen by {@link ModelFactory}. */
    record Request(
            TypeElement type,
            String generatedName,
            boolean typeLevel,
            boolean step,
            boolean decorator,
            String spanPrefix,
            ExecutableElement primitiveExecute) {
    }

    /** What becomes of a method. */
    enum Status {
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

    /**
     * A method and what becomes of it.
     *
     * @param method the method, declared in the type or inherited
     * @param type its signature as seen from the type
     * @param status what becomes of it
     * @param reason why it is not traced, a sentence fragment ("it is static"), or null
     * @param problem for {@link Status#INVALID}, the error, else null
     * @param arguments the error's arguments
     */
    record Candidate(ExecutableElement method, ExecutableType type, Status status, String reason, Diagnostic problem,
            List<Object> arguments) {

        Candidate(ExecutableElement method, ExecutableType type, Status status, String reason) {
            this(method, type, status, reason, null, List.of());
        }

        static Candidate invalid(ExecutableElement method, ExecutableType type, Diagnostic problem,
                Object... arguments) {
            return new Candidate(method, type, Status.INVALID, null, problem, List.of(arguments));
        }
    }

    /**
     * Picks the methods to override, reporting nothing.
     *
     * @param request the type and how it is annotated
     * @return the selection, to be reported and built by {@link MethodModels}
     * @throws UnresolvedTypeException if a method to override refers to a type that is not resolved yet
     */
    Selection select(Request request) throws UnresolvedTypeException {
        List<Candidate> candidates = new ArrayList<>();
        for (Candidate candidate : request.decorator() ? interfaceCandidates(request) : classCandidates(request)) {
            if (candidate.status() == Status.TRACED || candidate.status() == Status.FORWARDED) {
                ExecutableType type = candidate.type();
                checks.requireResolved(type.getReturnType(), type.getParameterTypes(), type.getThrownTypes());
                checks.requireResolvedBounds(candidate.method().getTypeParameters());
            }
            // A class-level @Observed traces what it can: a method whose signature the generated class cannot
            // write is left out, with a warning; asked for by name (or in a decorator, which must implement it),
            // it is an error.
            boolean implicit = !request.decorator() && candidate.status() == Status.TRACED
                    && !Annotations.has(candidate.method(), RuntimeNames.OBSERVED.canonicalName());
            candidates.add(implicit && hiddenType(checks, request, candidate) != null
                    ? new Candidate(candidate.method(), candidate.type(), Status.INACCESSIBLE, null) : candidate);
        }
        return new Selection(request, List.copyOf(candidates));
    }

    private List<Candidate> classCandidates(Request request) {
        TypeElement type = request.type();
        List<Candidate> candidates = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Set<Modifier> modifiers = method.getModifiers();
            boolean observed = Annotations.has(method, RuntimeNames.OBSERVED.canonicalName());
            boolean excluded = Annotations.has(method, RuntimeNames.EXCLUDE.canonicalName());
            boolean execute = request.primitiveExecute() != null
                    && checks.elements.overrides(method, request.primitiveExecute(), type);
            String name = method.getSimpleName() + "()";
            String generated = request.generatedName();
            ExecutableType memberType = checks.memberType(type, method);
            if (observed) {
                Candidate invalid = null;
                if (excluded) {
                    invalid = Candidate.invalid(method, memberType, Diagnostic.EXCLUDE_CONFLICT, name);
                } else if (execute) {
                    invalid = request.step() ? Candidate.invalid(method, memberType, Diagnostic.ON_STEP_EXECUTE)
                            : Candidate.invalid(method, memberType, Diagnostic.ON_EXECUTE, type.getSimpleName());
                } else if (modifiers.contains(Modifier.STATIC)) {
                    invalid = Candidate.invalid(method, memberType, Diagnostic.STATIC_METHOD, name, generated);
                } else if (modifiers.contains(Modifier.PRIVATE)) {
                    invalid = Candidate.invalid(method, memberType, Diagnostic.PRIVATE_METHOD, name, generated);
                } else if (modifiers.contains(Modifier.FINAL)) {
                    invalid = Candidate.invalid(method, memberType, Diagnostic.FINAL_METHOD, name, generated);
                } else if (modifiers.contains(Modifier.ABSTRACT)) {
                    invalid = Candidate.invalid(method, memberType, Diagnostic.ABSTRACT_METHOD, name, generated);
                }
                candidates.add(invalid != null ? invalid : new Candidate(method, memberType, Status.TRACED, null));
                continue;
            }
            Status status;
            String reason = null;
            if (execute && request.step()) {
                status = Status.STEP;
            } else {
                reason = untracedReason(request, method, excluded);
                status = reason == null ? Status.TRACED
                        : reason.equals(OBJECT_REASON) ? Status.OBJECT : Status.UNTRACED;
            }
            candidates.add(new Candidate(method, memberType, status, reason));
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
                    || Annotations.has(method, RuntimeNames.EXCLUDE.canonicalName())
                    // Overriding a method deprecated for removal warns even from a deprecated override.
                    || isDeprecatedForRemoval(method)) {
                continue;
            }
            Status status = isObjectMethod(method) ? Status.OBJECT : Status.TRACED;
            candidates.add(new Candidate(method, checks.memberType(type, method), status,
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
            ExecutableType memberType = (ExecutableType) method.asType();
            if (Annotations.has(method, RuntimeNames.OBSERVED.canonicalName())) {
                candidates.add(Candidate.invalid(method, memberType, modifiers.contains(Modifier.STATIC)
                        ? Diagnostic.STATIC_INTERFACE_METHOD : Diagnostic.PRIVATE_INTERFACE_METHOD, name, generated));
                continue;
            }
            Status status = Status.UNTRACED;
            String reason = modifiers.contains(Modifier.STATIC) ? "it is static" : "it is private";
            candidates.add(new Candidate(method, memberType, status, reason));
        }
        for (ExecutableElement method : interfaceMethods(type)) {
            boolean observed = Annotations.has(method, RuntimeNames.OBSERVED.canonicalName());
            boolean excluded = Annotations.has(method, RuntimeNames.EXCLUDE.canonicalName());
            if (observed && excluded) {
                candidates.add(Candidate.invalid(method, checks.memberType(type, method), Diagnostic.EXCLUDE_CONFLICT,
                        method.getSimpleName() + "()"));
                continue;
            }
            Status status;
            String reason = null;
            if (observed || request.typeLevel() && !excluded && !isObjectMethod(method)) {
                status = Status.TRACED;
            } else if (isObjectMethod(method)) {
                // Object's implementation serves; a decorator keeps its own identity.
                status = Status.OBJECT;
            } else {
                status = Status.FORWARDED;
                reason = excluded ? "it carries @Observed.Exclude"
                        : "neither it nor " + type.getSimpleName() + " carries @Observed";
            }
            candidates.add(new Candidate(method, checks.memberType(type, method), status, reason));
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
                Object.class.getName()); current = checks.superclass(current)) {
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
                        || checks.elements.getOrigin(method) == javax.lang.model.util.Elements.Origin.SYNTHETIC) {
                    continue;
                }
                memberTypes.put(method, checks.memberType(root, method));
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
                    && checks.types.asElement(superinterface) instanceof TypeElement element && visited.add(element)) {
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
        return checks.elements.overrides(first, other, root) || checks.elements.overrides(other, first, root)
                || checks.types.isSubsignature(firstType, otherType) || checks.types.isSubsignature(otherType, firstType);
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
                if (other != method && checks.elements.overrides(other, method, root)) {
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
        return checks.types.isSubtype(returned, other)
                || checks.types.isSubtype(checks.types.erasure(returned), checks.types.erasure(other));
    }

    /** {@code equals}, {@code hashCode}, {@code toString}, {@code clone} and {@code finalize}, as Object declares them. */
    boolean isObjectMethod(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        List<? extends VariableElement> parameters = method.getParameters();
        if (name.equals("equals")) {
            return parameters.size() == 1 && checks.types.erasure(parameters.get(0).asType()).toString()
                    .equals(Object.class.getName());
        }
        return parameters.isEmpty() && Set.of("hashCode", "toString", "clone", "finalize").contains(name);
    }

    /** The methods picked by {@link #select}, ready to be checked and built. */
    /**
     * The methods of a type and what becomes of each, in the order the generated class declares them.
     *
     * @param request the type and how it is annotated
     * @param candidates its methods
     */
    record Selection(Request request, List<Candidate> candidates) {

        /** Whether the generated class traces any method besides a step's {@code execute}. */
        boolean tracesAny() {
            return candidates.stream().anyMatch(candidate -> candidate.status() == Status.TRACED);
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

        /** A name for the decorator's delegate that no parameter shadows. */
        String delegateName() {
            Set<String> parameters = new HashSet<>();
            candidates.forEach(candidate -> candidate.method().getParameters()
                    .forEach(parameter -> parameters.add(parameter.getSimpleName().toString())));
            return Names.freeName("delegate", parameters);
        }
    }

    /** The first type in the candidate's signature that the generated class cannot name, or null. */
    static TypeElement hiddenType(TypeChecks checks, Request request, Candidate candidate) {
        ExecutableType type = candidate.type();
        List<TypeMirror> used = new ArrayList<>(type.getParameterTypes());
        used.add(type.getReturnType());
        used.addAll(type.getThrownTypes());
        for (TypeVariable variable : type.getTypeVariables()) {
            used.addAll(bounds(variable));
        }
        String packageName = Names.packageName(checks.elements, request.type());
        for (TypeMirror mirror : used) {
            TypeElement hidden = checks.inaccessibleTypeIn(mirror, packageName);
            if (hidden != null) {
                return hidden;
            }
        }
        return null;
    }

    static List<TypeMirror> bounds(TypeVariable variable) {
        TypeMirror upper = variable.getUpperBound();
        if (upper.getKind() == TypeKind.INTERSECTION) {
            return List.copyOf(((IntersectionType) upper).getBounds());
        }
        return List.of(upper);
    }
}
