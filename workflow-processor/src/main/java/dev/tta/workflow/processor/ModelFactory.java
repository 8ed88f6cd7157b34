package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Turns a type that carries {@code @Observed} (on itself or on some of its methods) into an
 * {@link InstrumentedModel}, running the checks of {@link TypeValidator} on its declaration, {@link MethodSelector}
 * and {@link MethodModels} on its methods, and {@link SloValidator} on its objectives.
 *
 * <p>Every misuse is a compile error on the offending element (or annotation value), from the {@link Diagnostic}
 * catalogue and saying how to fix it: an {@code @Observed} that silently generates nothing must never happen. Several
 * independent problems are reported together.
 *
 * <p>Reads only the annotated type, its members and its supertypes, as Gradle's isolating processors must.
 */
final class ModelFactory {

    private final TypeChecks checks;
    private final Elements elements;
    private final TypeValidator declarations;
    private final MethodSelector selector;
    private final SloValidator slos;

    /**
     * Creates a factory for one compilation.
     *
     * @param checks the compiler's utilities
     */
    ModelFactory(TypeChecks checks) {
        this.checks = checks;
        this.elements = checks.elements;
        this.declarations = new TypeValidator(checks);
        this.selector = new MethodSelector(checks);
        this.slos = new SloValidator(checks);
    }

    /**
     * Checks one type that carries {@code @Observed} or has methods that do, and builds its model.
     *
     * @param type the annotated type, or the type of the annotated methods
     * @param report where every problem found goes, to be printed unless the type is deferred
     * @return the model, or empty when an error was reported
     * @throws UnresolvedTypeException when a type it refers to is not resolved (yet)
     */
    Optional<InstrumentedModel> create(TypeElement type, Report report) throws UnresolvedTypeException {
        boolean typeLevel = Annotations.has(type, RuntimeNames.OBSERVED.canonicalName());
        String name = type.getSimpleName().toString();
        String generatedName = Names.generatedName(type);
        if (!declarations.checkKind(type, generatedName, report)) {
            return Optional.empty();
        }
        boolean decorator = type.getKind() == ElementKind.INTERFACE;
        // Everything that may defer the type first, so that no work is wasted on it (its report is dropped).
        requireResolved(type);
        TypeElement primitive = elements.getTypeElement(RuntimeNames.WORKFLOW_PRIMITIVE.canonicalName());
        boolean isPrimitive = !decorator && primitive != null && checks.isSubclass(type, primitive);
        boolean step = typeLevel && isPrimitive;
        ExecutableElement execute = null;
        ExecutableType executeType = null;
        if (step) {
            execute = findExecute(type, primitive);
            executeType = checks.memberType(type, execute);
            checks.requireResolved(executeType.getReturnType(), executeType.getParameterTypes(),
                    executeType.getThrownTypes());
        }
        List<InstrumentedModel.Constructor> constructors = decorator ? List.of() : constructors(type);
        AnnotationMirror observed = Annotations.annotation(type, RuntimeNames.OBSERVED.canonicalName());
        AnnotationValue nameValue = Annotations.explicitValue(observed, "name");
        String givenName = nameValue != null && nameValue.getValue() instanceof String given && !given.isBlank()
                ? given : null;
        String typeName = givenName != null ? givenName : name;
        MethodSelector.Selection selection = selector.select(new MethodSelector.Request(type, generatedName,
                typeLevel, step, decorator, typeName,
                isPrimitive ? method(primitive, RuntimeNames.EXECUTE, 2) : null));
        MethodModels methods = new MethodModels(checks, slos, selection, report);

        // Then every check, each reporting what it finds, so that independent problems are reported together.
        declarations.checkDeclaration(type, typeLevel, generatedName, report);
        if (!decorator) {
            declarations.checkConstructors(type, generatedName, constructors, report);
        }
        if (step) {
            declarations.checkStep(type, primitive, execute, generatedName, report);
        }
        declarations.checkBlankName(type, observed, nameValue, step, report);
        String workflow = Annotations.workflow(type, observed, "", report);
        Optional<List<InstrumentedModel.Slo>> typeSlos = slos.read(type, report);
        if (!typeLevel && SloValidator.hasSlos(type)) {
            SloValidator.misplaced(type, Diagnostic.SLO_WITHOUT_OBSERVED, name + " does not carry @Observed itself "
                    + "(only some of its methods do)", "Put the objective on those methods, or @Observed on " + name,
                    report);
        }
        Optional<InstrumentedModel.Step> stepModel = Optional.empty();
        if (step) {
            ExecutableElement stepExecute = execute;
            ExecutableType stepType = executeType;
            // Built before the methods, so that the step's attribute keys come first.
            stepModel = methods.stepAttributes(execute, executeType.getParameterTypes()).map(attributes ->
                    executeModel(typeName, workflow, typeSlos.orElse(List.of()), stepExecute, stepType, attributes));
        }
        // A step's objectives are the step's; on another type they apply to every method it traces.
        Optional<List<InstrumentedModel.Method>> methodModels = methods.build(
                step || !typeLevel ? List.of() : typeSlos.orElse(List.of()), workflow == null ? "" : workflow);
        declarations.checkClash(type, report);
        if (!report.isClean()) {
            return Optional.empty();
        }
        if (typeLevel && !step && !selection.tracesAny()) {
            report.add(type, Diagnostic.NOTHING_TO_TRACE, name, whyNothingIsTraced(decorator, selection));
        }

        declarations.generated(type);
        return Optional.of(new InstrumentedModel(
                type,
                Names.packageName(elements, type),
                generatedName,
                decorator ? InstrumentedModel.Shape.DECORATOR : InstrumentedModel.Shape.SUBCLASS,
                type.getModifiers().contains(Modifier.PUBLIC),
                type.getModifiers().contains(Modifier.ABSTRACT) && !decorator,
                checks.deprecatedAlong(type),
                isSerializable(type),
                javaxGeneratedUsable(type),
                Annotations.suppressedWarnings(type, null),
                typeParameters(type),
                type.asType(),
                constructors,
                stepModel,
                methods.telemetryFields(),
                methods.attributeKeys(),
                methodModels.orElseThrow(),
                decorator ? selection.delegateName() : ""));
    }

    /** The rest of the {@code [ObservedNothingToTrace]} sentence, naming the methods left out as Object's. */
    private static String whyNothingIsTraced(boolean decorator, MethodSelector.Selection selection) {
        String why = decorator ? "has no abstract or default method that is not excluded"
                : "has no public or protected method, declared or inherited, that is neither static, final, abstract "
                        + "nor excluded";
        List<String> objectMethods = selection.objectMethods();
        if (objectMethods.isEmpty()) {
            return why;
        }
        return why + " (" + String.join(", ", objectMethods) + (objectMethods.size() == 1
                ? " is one of Object's methods" : " are Object's methods") + ", which @Observed leaves out)";
    }

    // The model.

    /**
     * The type parameters the generated class declares: for an inner class, those of its enclosing classes too
     * (outermost first), since {@code Outer<T>.Inner} uses them.
     */
    static List<TypeParameterElement> typeParameters(TypeElement type) {
        List<TypeParameterElement> parameters = new ArrayList<>(type.getTypeParameters());
        for (TypeElement current = type; isInner(current); ) {
            current = (TypeElement) current.getEnclosingElement();
            parameters.addAll(0, current.getTypeParameters());
        }
        return parameters;
    }

    private static boolean isInner(TypeElement type) {
        return type.getKind() == ElementKind.CLASS && type.getNestingKind() == NestingKind.MEMBER
                && !type.getModifiers().contains(Modifier.STATIC);
    }

    private List<InstrumentedModel.Constructor> constructors(TypeElement type) throws UnresolvedTypeException {
        List<InstrumentedModel.Constructor> constructors = new ArrayList<>();
        TypeMirror enclosing = isInner(type) ? ((DeclaredType) type.asType()).getEnclosingType() : null;
        for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            Set<Modifier> modifiers = constructor.getModifiers();
            if (modifiers.contains(Modifier.PRIVATE)) {
                continue;
            }
            List<TypeMirror> parameterTypes = TypeChecks.parameterTypes(constructor);
            checks.requireResolved(constructor.getReturnType(), parameterTypes, constructor.getThrownTypes());
            checks.requireResolvedBounds(constructor.getTypeParameters());
            if (parameterTypes.stream().anyMatch(parameter -> TypeChecks.privateTypeIn(parameter) != null)) {
                continue; // reported by checkConstructors
            }
            List<InstrumentedModel.Parameter> parameters =
                    TypeChecks.parameters(constructor.getParameters(), parameterTypes);
            Set<String> names = new HashSet<>();
            parameters.forEach(parameter -> names.add(parameter.name()));
            boolean safeVarargs = constructor.getAnnotation(SafeVarargs.class) != null;
            constructors.add(new InstrumentedModel.Constructor(
                    // Protected is widened to public: a protected constructor of a top-level class is callable only
                    // by subclasses and the package, which makes the generated class useless elsewhere.
                    modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.PROTECTED),
                    List.copyOf(constructor.getTypeParameters()),
                    enclosing == null ? Optional.empty() : Optional.of(
                            new InstrumentedModel.Parameter(Names.freeName("outer", names), enclosing)),
                    parameters,
                    constructor.isVarArgs(),
                    List.copyOf(constructor.getThrownTypes()),
                    safeVarargs,
                    constructor.isVarArgs() && !safeVarargs && !TypeChecks.reifiable(((ArrayType)
                            parameterTypes.get(parameterTypes.size() - 1)).getComponentType()),
                    elements.isDeprecated(constructor),
                    Annotations.suppressedWarnings(constructor, type)));
        }
        return constructors;
    }

    private InstrumentedModel.Step executeModel(String stepName, String workflow, List<InstrumentedModel.Slo> slos,
            ExecutableElement execute, ExecutableType executeType, List<InstrumentedModel.Attribute> attributes) {
        List<InstrumentedModel.Parameter> parameters =
                TypeChecks.parameters(execute.getParameters(), executeType.getParameterTypes());
        Set<String> taken = new HashSet<>();
        parameters.forEach(parameter -> taken.add(parameter.name()));
        return new InstrumentedModel.Step(
                stepName,
                workflow == null ? "" : workflow,
                slos,
                executeType.getReturnType(),
                parameters,
                List.copyOf(executeType.getThrownTypes()),
                attributes,
                Names.freeName("invocation", taken),
                Names.freeName("failure", taken),
                elements.isDeprecated(execute),
                Annotations.suppressedWarnings(execute, execute.getEnclosingElement()),
                checks.sources.of(execute));
    }

    /** The most specific implementation of WorkflowPrimitive.execute: in the class, else its nearest superclass. */
    private ExecutableElement findExecute(TypeElement type, TypeElement primitive) {
        ExecutableElement declared = method(primitive, RuntimeNames.EXECUTE, 2);
        for (TypeElement current = type; current != null; current = checks.superclass(current)) {
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

    /** Superclasses and superinterfaces, all the way up, and the bounds of the type's type parameters. */
    private void requireResolved(TypeElement type) throws UnresolvedTypeException {
        List<TypeMirror> supertypes = new ArrayList<>();
        collectSupertypes(type.asType(), supertypes, new HashSet<>());
        checks.requireResolved(supertypes);
        checks.requireResolvedBounds(typeParameters(type));
    }

    private void collectSupertypes(TypeMirror type, List<TypeMirror> supertypes, Set<String> seen) {
        for (TypeMirror supertype : checks.types.directSupertypes(type)) {
            supertypes.add(supertype);
            if (supertype.getKind() == TypeKind.DECLARED && seen.add(checks.types.erasure(supertype).toString())) {
                collectSupertypes(supertype, supertypes, seen);
            }
        }
    }

    // Small helpers.

    private boolean isSerializable(TypeElement type) {
        TypeElement serializable = elements.getTypeElement("java.io.Serializable");
        return serializable != null && checks.types.isAssignable(type.asType(), serializable.asType());
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

    /** The method of the type with that name and number of parameters, or null. */
    static ExecutableElement method(TypeElement type, String name, int parameterCount) {
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (method.getSimpleName().contentEquals(name) && method.getParameters().size() == parameterCount) {
                return method;
            }
        }
        return null;
    }
}
