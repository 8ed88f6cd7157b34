package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;

/**
 * Checks an {@code @Observed} class and turns it into an {@link InstrumentedModel}.
 *
 * <p>Every misuse is a compile error on the annotated class (or on the offending annotation value), tagged
 * {@code [ObservedSomething]} so it can be searched for, and saying how to fix it: an {@code @Observed} that
 * silently generates nothing must never happen. Several independent problems are reported together.
 *
 * <p>Reads only the annotated class, its members and its superclasses, as Gradle's isolating processors must.
 */
final class ObservedValidator {

    private final Elements elements;
    private final Types types;
    private final Messager messager;
    /** Generated class name to the class it was generated from, across rounds, to catch two classes colliding. */
    private final Map<String, String> generatedNames = new HashMap<>();

    /**
     * Creates a validator for one compilation.
     *
     * @param environment the processing environment
     */
    ObservedValidator(ProcessingEnvironment environment) {
        this.elements = environment.getElementUtils();
        this.types = environment.getTypeUtils();
        this.messager = environment.getMessager();
    }

    /**
     * Validates one {@code @Observed} element, reporting every problem found on it.
     *
     * @param type the annotated element
     * @return the model, or empty when an error was reported
     * @throws UnresolvedTypeException when a type it refers to is not resolved (yet): nothing has been reported
     */
    Optional<InstrumentedModel> validate(TypeElement type) throws UnresolvedTypeException {
        if (type.getKind() != ElementKind.CLASS) {
            error(type, "[ObservedNotClass] @Observed applies to classes that extend "
                    + RuntimeNames.WORKFLOW_PRIMITIVE + ", but " + type.getSimpleName() + " is "
                    + kindName(type.getKind()) + ". Put @Observed on the class that extends WorkflowPrimitive and implements execute.");
            return Optional.empty();
        }
        // Resolve first and report afterwards: a class deferred to the next round must not be reported twice.
        requireResolved(type);
        TypeElement primitive = elements.getTypeElement(RuntimeNames.WORKFLOW_PRIMITIVE.canonicalName());

        if (primitive == null || !isSubclass(type, primitive)) {
            checkDeclaration(type);
            error(type, "[ObservedNotPrimitive] @Observed applies to workflow steps, but " + type.getQualifiedName()
                    + " does not extend " + RuntimeNames.WORKFLOW_PRIMITIVE + " (its superclass is "
                    + type.getSuperclass() + "). Extend WorkflowPrimitive<I, O> and implement execute"
                    + (primitive == null ? "; WorkflowPrimitive itself is not on the classpath: add workflow-runtime."
                            : ", or remove @Observed."));
            return Optional.empty();
        }
        String generatedName = generatedName(type);
        ExecutableElement execute = findExecute(type, primitive);
        ExecutableType executeType = memberType(type, execute);
        requireResolved(executeType.getReturnType(), executeType.getParameterTypes(), executeType.getThrownTypes());
        List<InstrumentedModel.Constructor> constructors = constructors(type);

        boolean valid = checkDeclaration(type);
        if (constructors.isEmpty()) {
            valid = error(type, "[ObservedNoConstructor] " + type.getSimpleName() + " has only private constructors, "
                    + "so " + generatedName + " cannot call any of them. Make at least one constructor "
                    + "package-private, protected or public.");
        }
        if (execute.getModifiers().contains(Modifier.ABSTRACT)) {
            valid = error(type, "[ObservedAbstractExecute] " + type.getSimpleName() + " does not implement "
                    + "execute, so " + generatedName + " has no super.execute to call. Implement execute in "
                    + type.getSimpleName() + " (or in one of its superclasses).");
        }
        if (execute.getModifiers().contains(Modifier.FINAL)) {
            valid = error(type, "[ObservedFinalExecute] execute is final in "
                    + execute.getEnclosingElement().getSimpleName() + ", so " + generatedName
                    + " cannot override it to trace it. Remove final from execute.");
        }
        valid &= checkNameMethod(type, primitive, generatedName);
        Optional<String> stepName = stepName(type);
        valid &= stepName.isPresent();
        valid &= checkClash(type, generatedName);
        if (!valid) {
            return Optional.empty();
        }

        generatedNames.put(qualifiedGeneratedName(type, generatedName), type.getQualifiedName().toString());
        return Optional.of(new InstrumentedModel(
                type,
                packageName(type),
                generatedName,
                stepName.get(),
                type.getModifiers().contains(Modifier.PUBLIC),
                type.getModifiers().contains(Modifier.ABSTRACT),
                elements.isDeprecated(type),
                isSerializable(type),
                javaxGeneratedUsable(type),
                List.copyOf(type.getTypeParameters()),
                constructors,
                executeModel(execute, executeType)));
    }

    /**
     * Warns when a workflow step carries Micrometer's {@code @Observed}, a look-alike that does nothing here.
     *
     * @param element a class or method annotated with {@code io.micrometer.observation.annotation.Observed}
     * @param ours our {@code @Observed} type, or null when it is not on the classpath
     */
    void checkMicrometer(Element element, TypeElement ours) {
        Element owner = element instanceof TypeElement ? element : element.getEnclosingElement();
        TypeElement primitive = elements.getTypeElement(RuntimeNames.WORKFLOW_PRIMITIVE.canonicalName());
        if (!(owner instanceof TypeElement type) || primitive == null || !isSubclass(type, primitive)
                || (ours != null && annotation(type, ours.getQualifiedName().toString()) != null)) {
            return;
        }
        messager.printMessage(Diagnostic.Kind.WARNING, "[ObservedMicrometer] This is Micrometer's @"
                + RuntimeNames.MICROMETER_OBSERVED + ", which needs an AOP runtime (Spring AOP or AspectJ) and "
                + "does nothing to a workflow step. To trace " + type.getSimpleName() + ", import "
                + RuntimeNames.OBSERVED + " instead.", element);
    }

    // Declaration checks: each reports its own error and says whether the declaration passed.

    private boolean checkDeclaration(TypeElement type) {
        boolean valid = true;
        String name = type.getSimpleName().toString();
        if (type.getModifiers().contains(Modifier.PRIVATE)) {
            valid = error(type, "[ObservedPrivate] @Observed class " + name + " must not be private: "
                    + generatedName(type) + " is written next to it and must extend it. Make it package-private "
                    + "or public.");
        }
        for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement; outer =
                outer.getEnclosingElement()) {
            if (outer.getModifiers().contains(Modifier.PRIVATE)) {
                valid = error(type, "[ObservedInPrivate] @Observed class " + name + " is nested in private class "
                        + outer.getSimpleName() + ", so " + generatedName(type) + " cannot extend it. Make "
                        + outer.getSimpleName() + " package-private or public.");
            }
        }
        if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
            valid = error(type, "[ObservedInner] @Observed class " + name + " is an inner class: "
                    + generatedName(type) + " is a top-level class and has no enclosing instance to create it "
                    + "with. Make it static.");
        }
        if (type.getModifiers().contains(Modifier.FINAL)) {
            valid = error(type, "[ObservedFinal] @Observed class " + name + " must not be final: "
                    + generatedName(type) + " extends it. Remove final (in Kotlin, declare the class open).");
        }
        return valid;
    }

    private boolean checkNameMethod(TypeElement type, TypeElement primitive, String generatedName) {
        ExecutableElement primitiveName = method(primitive, RuntimeNames.NAME, 0);
        for (TypeElement current = type; current != null && !current.equals(primitive);
                current = superclass(current)) {
            for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
                if (method.getSimpleName().contentEquals(RuntimeNames.NAME) && primitiveName != null
                        && elements.overrides(method, primitiveName, type)) {
                    String where = current.equals(type) ? type.getSimpleName() + " declares name()"
                            : "its superclass " + current.getSimpleName() + " declares name()";
                    return error(type, "[ObservedNameMethod] " + where + ", but " + generatedName
                            + " overrides name() with the step name. Remove it and use @Observed(name = \"...\") "
                            + "instead, so that spans, metrics and name() agree.");
                }
            }
        }
        return true;
    }

    private Optional<String> stepName(TypeElement type) {
        AnnotationMirror observed = annotation(type, RuntimeNames.OBSERVED.canonicalName());
        if (observed != null) {
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                    : observed.getElementValues().entrySet()) {
                if (entry.getKey().getSimpleName().contentEquals("name")
                        && entry.getValue().getValue() instanceof String name && !name.isEmpty()) {
                    if (name.isBlank()) {
                        messager.printMessage(Diagnostic.Kind.ERROR, "[ObservedBlankName] @Observed(name) must "
                                + "not be blank: it names the step in spans, metrics and logs. Give a name, or leave "
                                + "name out to use the class name \"" + type.getSimpleName() + "\".",
                                type, observed, entry.getValue());
                        return Optional.empty();
                    }
                    return Optional.of(name);
                }
            }
        }
        return Optional.of(type.getSimpleName().toString());
    }

    private boolean checkClash(TypeElement type, String generatedName) {
        String qualified = qualifiedGeneratedName(type, generatedName);
        String previous = generatedNames.get(qualified);
        if (previous != null && !previous.contentEquals(type.getQualifiedName())) {
            return error(type, "[ObservedClash] " + previous + " already generates " + qualified
                    + " in this compilation. Rename one of the two classes.");
        }
        TypeElement existing = elements.getTypeElement(qualified);
        // A type we generated before (a class file from an earlier build) is ours to replace.
        if (previous == null && existing != null
                && annotation(existing, RuntimeNames.WORKFLOW_GENERATED.canonicalName()) == null) {
            return error(type, "[ObservedClash] A type named " + qualified + " already exists, and it is the name "
                    + "of the class generated for " + type.getSimpleName() + ". Rename that type or "
                    + type.getSimpleName() + ".");
        }
        return true;
    }

    // The model.

    private List<InstrumentedModel.Constructor> constructors(TypeElement type) throws UnresolvedTypeException {
        List<InstrumentedModel.Constructor> constructors = new ArrayList<>();
        for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            Set<Modifier> modifiers = constructor.getModifiers();
            if (modifiers.contains(Modifier.PRIVATE)) {
                continue;
            }
            requireResolved(constructor.getReturnType(), parameterTypes(constructor), constructor.getThrownTypes());
            requireResolvedBounds(constructor.getTypeParameters());
            constructors.add(new InstrumentedModel.Constructor(
                    // Protected is widened to public: a protected constructor of a top-level class is callable only
                    // by subclasses and the package, which makes the generated class useless elsewhere.
                    modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.PROTECTED),
                    List.copyOf(constructor.getTypeParameters()),
                    parameters(constructor.getParameters(), parameterTypes(constructor)),
                    constructor.isVarArgs(),
                    List.copyOf(constructor.getThrownTypes()),
                    constructor.getAnnotation(SafeVarargs.class) != null,
                    elements.isDeprecated(constructor)));
        }
        return constructors;
    }

    private InstrumentedModel.Execute executeModel(ExecutableElement execute, ExecutableType executeType) {
        List<InstrumentedModel.Parameter> parameters =
                parameters(execute.getParameters(), executeType.getParameterTypes());
        Set<String> taken = new HashSet<>();
        parameters.forEach(parameter -> taken.add(parameter.name()));
        return new InstrumentedModel.Execute(
                executeType.getReturnType(),
                parameters,
                List.copyOf(executeType.getThrownTypes()),
                freeName("invocation", taken),
                freeName("failure", taken),
                elements.isDeprecated(execute));
    }

    /** The most specific implementation of WorkflowPrimitive.execute: in the class, else its nearest superclass. */
    private ExecutableElement findExecute(TypeElement type, TypeElement primitive) {
        ExecutableElement declared = method(primitive, RuntimeNames.EXECUTE, 2);
        for (TypeElement current = type; current != null; current = superclass(current)) {
            for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
                if (method.getSimpleName().contentEquals(RuntimeNames.EXECUTE)
                        && elements.getOrigin(method) != Elements.Origin.SYNTHETIC // bridges in class files
                        && (method.equals(declared) || elements.overrides(method, declared, type))) {
                    return method;
                }
            }
        }
        throw new IllegalStateException(RuntimeNames.WORKFLOW_PRIMITIVE + " has no execute(I, WorkflowContext)");
    }

    /**
     * The method's signature as a member of the annotated class, so that {@code O execute(I, ...)} inherited through
     * {@code WorkflowPrimitive<Order, Order>} reads {@code Order execute(Order, ...)}. A method declared in the class
     * itself is taken as written, which keeps type-use annotations that substitution could drop.
     */
    private ExecutableType memberType(TypeElement type, ExecutableElement method) {
        if (method.getEnclosingElement().equals(type)) {
            return (ExecutableType) method.asType();
        }
        return (ExecutableType) types.asMemberOf((DeclaredType) type.asType(), method);
    }

    private static List<InstrumentedModel.Parameter> parameters(List<? extends VariableElement> elements,
            List<? extends TypeMirror> types) {
        List<InstrumentedModel.Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            parameters.add(new InstrumentedModel.Parameter(elements.get(i).getSimpleName().toString(), types.get(i)));
        }
        return parameters;
    }

    private static List<TypeMirror> parameterTypes(ExecutableElement method) {
        return method.getParameters().stream().map(Element::asType).toList();
    }

    private static String freeName(String preferred, Set<String> taken) {
        String name = preferred;
        for (int suffix = 1; taken.contains(name); suffix++) {
            name = preferred + suffix;
        }
        return name;
    }

    // Resolution: an ErrorType anywhere means "maybe generated later".

    private void requireResolved(TypeElement type) throws UnresolvedTypeException {
        List<String> missing = new ArrayList<>();
        for (TypeMirror superclass = type.getSuperclass(); superclass.getKind() != TypeKind.NONE; ) {
            collectErrors(superclass, missing);
            if (superclass.getKind() != TypeKind.DECLARED) {
                break;
            }
            superclass = ((TypeElement) types.asElement(superclass)).getSuperclass();
        }
        throwIfAny(missing);
        requireResolvedBounds(type.getTypeParameters());
    }

    private void requireResolvedBounds(List<? extends TypeParameterElement> parameters)
            throws UnresolvedTypeException {
        List<String> missing = new ArrayList<>();
        parameters.forEach(parameter -> parameter.getBounds().forEach(bound -> collectErrors(bound, missing)));
        throwIfAny(missing);
    }

    private void requireResolved(TypeMirror result, List<? extends TypeMirror> parameters,
            List<? extends TypeMirror> thrown) throws UnresolvedTypeException {
        List<String> missing = new ArrayList<>();
        collectErrors(result, missing);
        parameters.forEach(parameter -> collectErrors(parameter, missing));
        thrown.forEach(exception -> collectErrors(exception, missing));
        throwIfAny(missing);
    }

    private static void throwIfAny(List<String> missing) throws UnresolvedTypeException {
        if (!missing.isEmpty()) {
            throw new UnresolvedTypeException(List.copyOf(new LinkedHashSet<>(missing)));
        }
    }

    private static void collectErrors(TypeMirror type, List<String> missing) {
        switch (type.getKind()) {
            case ERROR -> missing.add(type.toString());
            case DECLARED -> ((DeclaredType) type).getTypeArguments().forEach(arg -> collectErrors(arg, missing));
            case ARRAY -> collectErrors(((ArrayType) type).getComponentType(), missing);
            case WILDCARD -> {
                WildcardType wildcard = (WildcardType) type;
                if (wildcard.getExtendsBound() != null) {
                    collectErrors(wildcard.getExtendsBound(), missing);
                }
                if (wildcard.getSuperBound() != null) {
                    collectErrors(wildcard.getSuperBound(), missing);
                }
            }
            default -> {
                // Primitives, void, type variables (their bounds are checked where declared).
            }
        }
    }

    // Small helpers.

    private boolean isSubclass(TypeElement type, TypeElement primitive) {
        return type.getKind() == ElementKind.CLASS
                && types.isSubtype(types.erasure(type.asType()), types.erasure(primitive.asType()));
    }

    private boolean isSerializable(TypeElement type) {
        TypeElement serializable = elements.getTypeElement("java.io.Serializable");
        return serializable != null && types.isAssignable(type.asType(), serializable.asType());
    }

    /**
     * Whether generated code may carry {@code @javax.annotation.processing.Generated}: the type must exist (not on
     * {@code --release 8}) and, in a named module, the module must read {@code java.compiler}.
     */
    private boolean javaxGeneratedUsable(TypeElement type) {
        if (elements.getTypeElement(RuntimeNames.JAVAX_GENERATED.canonicalName()) == null) {
            return false;
        }
        ModuleElement module = elements.getModuleOf(type);
        return module == null || module.isUnnamed() || readsJavaCompiler(module, false, new HashSet<>());
    }

    /** Direct requires count for the module itself; for modules it requires, only {@code requires transitive}. */
    private static boolean readsJavaCompiler(ModuleElement module, boolean transitiveOnly, Set<ModuleElement> seen) {
        if (!seen.add(module)) {
            return false;
        }
        for (ModuleElement.RequiresDirective requires : ElementFilter.requiresIn(module.getDirectives())) {
            if (transitiveOnly && !requires.isTransitive()) {
                continue;
            }
            ModuleElement dependency = requires.getDependency();
            if (dependency.getQualifiedName().contentEquals(RuntimeNames.JAVA_COMPILER_MODULE)
                    || readsJavaCompiler(dependency, true, seen)) {
                return true;
            }
        }
        return false;
    }

    private TypeElement superclass(TypeElement type) {
        TypeMirror superclass = type.getSuperclass();
        return superclass.getKind() == TypeKind.DECLARED ? (TypeElement) types.asElement(superclass) : null;
    }

    private static ExecutableElement method(TypeElement type, String name, int parameterCount) {
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (method.getSimpleName().contentEquals(name) && method.getParameters().size() == parameterCount) {
                return method;
            }
        }
        return null;
    }

    private static AnnotationMirror annotation(Element element, String annotationName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement annotationType = (TypeElement) mirror.getAnnotationType().asElement();
            if (annotationType.getQualifiedName().contentEquals(annotationName)) {
                return mirror;
            }
        }
        return null;
    }

    /** {@code Instrumented} + the simple names from the outermost class down, joined by {@code _}. */
    static String generatedName(TypeElement type) {
        StringBuilder name = new StringBuilder(type.getSimpleName());
        for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement; outer =
                outer.getEnclosingElement()) {
            name.insert(0, '_').insert(0, outer.getSimpleName());
        }
        return RuntimeNames.GENERATED_PREFIX + name;
    }

    private String packageName(TypeElement type) {
        PackageElement pkg = elements.getPackageOf(type);
        return pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    }

    private String qualifiedGeneratedName(TypeElement type, String generatedName) {
        String pkg = packageName(type);
        return pkg.isEmpty() ? generatedName : pkg + "." + generatedName;
    }

    private static String kindName(ElementKind kind) {
        return switch (kind) {
            case INTERFACE -> "an interface";
            case ENUM -> "an enum";
            case ANNOTATION_TYPE -> "an annotation type";
            default -> "a " + kind.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Reports an error on the element and returns false, so that checks read {@code valid = error(...)}. */
    private boolean error(Element element, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
        return false;
    }
}
