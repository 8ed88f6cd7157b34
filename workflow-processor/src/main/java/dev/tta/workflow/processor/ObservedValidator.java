package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Checks a type that carries {@code @Observed} (on itself or on some of its methods) and turns it into an
 * {@link InstrumentedModel}; {@link MethodsValidator} does the methods.
 *
 * <p>Every misuse is a compile error on the offending element (or annotation value), tagged
 * {@code [ObservedSomething]} so it can be searched for, and saying how to fix it: an {@code @Observed} that
 * silently generates nothing must never happen. Several independent problems are reported together.
 *
 * <p>Reads only the annotated type, its members and its supertypes, as Gradle's isolating processors must.
 */
final class ObservedValidator {

    private final ProcessingContext env;
    private final Elements elements;
    private final MethodsValidator methods;
    private final SloValidator slos;
    /** Generated class name to the type it was generated from, across rounds, to catch two types colliding. */
    private final Map<String, String> generatedNames = new HashMap<>();

    /**
     * Creates a validator for one compilation.
     *
     * @param environment the processing environment
     */
    ObservedValidator(ProcessingEnvironment environment) {
        this.env = new ProcessingContext(environment);
        this.elements = env.elements;
        this.slos = new SloValidator(env);
        this.methods = new MethodsValidator(env, slos);
    }

    /**
     * Validates one type that carries {@code @Observed} or has methods that do, reporting every problem found.
     *
     * @param type the annotated type, or the type of the annotated methods
     * @return the model, or empty when an error was reported
     * @throws UnresolvedTypeException when a type it refers to is not resolved (yet): nothing has been reported
     */
    Optional<InstrumentedModel> validate(TypeElement type) throws UnresolvedTypeException {
        boolean typeLevel = ProcessingContext.has(type, RuntimeNames.OBSERVED.canonicalName());
        String name = type.getSimpleName().toString();
        String generatedName = generatedName(type);
        switch (type.getKind()) {
            case CLASS, INTERFACE -> {
                // supported
            }
            case RECORD -> {
                env.error(type, "[ObservedRecord] @Observed cannot trace record " + name + ": a record is final, so "
                        + generatedName + " cannot extend it. Declare the methods to trace in an interface that "
                        + name + " implements and put @Observed on the interface, or make " + name + " a class.");
                return Optional.empty();
            }
            case ENUM -> {
                env.error(type, "[ObservedEnum] @Observed cannot trace enum " + name + ": an enum cannot be "
                        + "extended, so " + generatedName + " cannot exist. Declare the methods to trace in an "
                        + "interface that " + name + " implements and put @Observed on the interface.");
                return Optional.empty();
            }
            default -> {
                env.error(type, "[ObservedAnnotationType] @Observed cannot trace annotation type " + name + ": it "
                        + "has no code to run. Remove @Observed.");
                return Optional.empty();
            }
        }
        boolean decorator = type.getKind() == ElementKind.INTERFACE;
        // Resolve first and report afterwards: a type deferred to the next round must not be reported twice.
        requireResolved(type);
        TypeElement primitive = elements.getTypeElement(RuntimeNames.WORKFLOW_PRIMITIVE.canonicalName());
        boolean isPrimitive = !decorator && primitive != null && isSubclass(type, primitive);
        boolean step = typeLevel && isPrimitive;
        ExecutableElement execute = null;
        ExecutableType executeType = null;
        if (step) {
            execute = findExecute(type, primitive);
            executeType = env.memberType(type, execute);
            env.requireResolved(executeType.getReturnType(), executeType.getParameterTypes(),
                    executeType.getThrownTypes());
        }
        List<InstrumentedModel.Constructor> constructors = decorator ? List.of() : constructors(type);
        AnnotationMirror observed = ProcessingContext.annotation(type, RuntimeNames.OBSERVED.canonicalName());
        AnnotationValue nameValue = ProcessingContext.explicitValue(observed, "name");
        String givenName = nameValue != null && nameValue.getValue() instanceof String given && !given.isBlank()
                ? given : null;
        String typeName = givenName != null ? givenName : name;
        MethodsValidator.Selection selection = methods.select(new MethodsValidator.Request(type, generatedName,
                typeLevel, step, decorator, typeName,
                isPrimitive ? method(primitive, RuntimeNames.EXECUTE, 2) : null));

        boolean valid = checkDeclaration(type, typeLevel, generatedName);
        valid &= checkConstructors(type, generatedName, decorator, constructors);
        Optional<InstrumentedModel.Step> stepModel = Optional.empty();
        if (step) {
            valid &= checkStep(type, primitive, execute, generatedName);
        }
        valid &= checkBlankName(type, observed, nameValue, step);
        String workflow = env.workflow(type, observed, "");
        valid &= workflow != null;
        Optional<List<InstrumentedModel.Slo>> typeSlos = slos.read(type);
        valid &= typeSlos.isPresent();
        if (!typeLevel && SloValidator.hasSlos(type)) {
            valid = slos.misplaced(type, "SloWithoutObserved", name + " does not carry @Observed itself (only some "
                    + "of its methods do)", "Put the objective on those methods, or @Observed on " + name);
        }
        if (step) {
            Optional<List<InstrumentedModel.Attribute>> attributes =
                    selection.stepAttributes(execute, executeType.getParameterTypes());
            valid &= attributes.isPresent();
            if (attributes.isPresent()) {
                stepModel = Optional.of(executeModel(typeName, workflow, typeSlos.orElse(List.of()), execute,
                        executeType, attributes.get()));
            }
        }
        // A step's objectives are the step's; on another type they apply to every method it traces.
        Optional<List<InstrumentedModel.Method>> methodModels = selection.build(
                step || !typeLevel ? List.of() : typeSlos.orElse(List.of()), workflow == null ? "" : workflow);
        valid &= methodModels.isPresent();
        valid &= checkClash(type, generatedName);
        if (!valid) {
            return Optional.empty();
        }
        if (typeLevel && !step && !selection.tracesAny()) {
            List<String> objectMethods = selection.objectMethods();
            env.warning(type, "[ObservedNothingToTrace] @Observed on " + name + " traces nothing: " + name
                    + (decorator ? " has no abstract or default method that is not excluded"
                            : " has no public or protected method, declared or inherited, that is neither static, "
                                    + "final, abstract nor excluded")
                    + (objectMethods.isEmpty() ? "" : " (" + String.join(", ", objectMethods)
                            + (objectMethods.size() == 1 ? " is one of Object's methods, which @Observed leaves out)"
                                    : " are Object's methods, which @Observed leaves out)"))
                    + ". Put @Observed on the methods to trace, or remove it from " + name + ".");
        }

        generatedNames.put(qualifiedGeneratedName(type, generatedName), type.getQualifiedName().toString());
        return Optional.of(new InstrumentedModel(
                type,
                packageName(type),
                generatedName,
                decorator ? InstrumentedModel.Shape.DECORATOR : InstrumentedModel.Shape.SUBCLASS,
                type.getModifiers().contains(Modifier.PUBLIC),
                type.getModifiers().contains(Modifier.ABSTRACT) && !decorator,
                env.deprecatedAlong(type),
                isSerializable(type),
                javaxGeneratedUsable(type),
                ProcessingContext.suppressedWarnings(type, null),
                typeParameters(type),
                type.asType(),
                constructors,
                stepModel,
                selection.telemetryFields(),
                selection.attributeKeys(),
                methodModels.get(),
                decorator ? selection.delegateName() : ""));
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
                || (ours != null && ProcessingContext.has(type, ours.getQualifiedName().toString()))) {
            return;
        }
        env.warning(element, "[ObservedMicrometer] This is Micrometer's @"
                + RuntimeNames.MICROMETER_OBSERVED + ", which needs an AOP runtime (Spring AOP or AspectJ) and "
                + "does nothing to a workflow step. To trace " + type.getSimpleName() + ", import "
                + RuntimeNames.OBSERVED + " instead.");
    }

    /**
     * Reports an {@code @Observed.Attribute} parameter in a type that carries no {@code @Observed} at all (types that
     * do are checked by {@link #validate}).
     *
     * @param parameter an element annotated with {@code @Observed.Attribute}
     */
    void checkStrayAttribute(Element parameter) {
        Element method = parameter.getEnclosingElement();
        if (!(parameter instanceof VariableElement variable) || !(method instanceof ExecutableElement executable)) {
            return;
        }
        if (executable.getKind() != ElementKind.METHOD) {
            env.error(parameter, "[ObservedAttributeUntraced] @Observed.Attribute on parameter "
                    + parameter.getSimpleName() + " of a constructor records nothing: only methods are traced. "
                    + "Remove @Observed.Attribute.");
            return;
        }
        if (method.getEnclosingElement() instanceof TypeElement type && !isObservedType(type)) {
            env.error(parameter, MethodsValidator.untracedAttribute(variable, executable,
                    "neither it nor " + type.getSimpleName() + " carries @Observed"));
        }
    }

    /**
     * Warns about {@code @Observed.Exclude} where it excludes nothing: in a type without {@code @Observed} of its
     * own, or in a workflow step (whose {@code @Observed} traces {@code execute} only).
     *
     * @param method an element annotated with {@code @Observed.Exclude}
     */
    void checkStrayExclude(Element method) {
        if (!(method.getEnclosingElement() instanceof TypeElement type)
                || ProcessingContext.has(method, RuntimeNames.OBSERVED.canonicalName())) {
            return; // with @Observed too, validate reports the conflict
        }
        boolean typeLevel = ProcessingContext.has(type, RuntimeNames.OBSERVED.canonicalName());
        TypeElement primitive = elements.getTypeElement(RuntimeNames.WORKFLOW_PRIMITIVE.canonicalName());
        boolean step = typeLevel && primitive != null && isSubclass(type, primitive);
        if (!typeLevel || step) {
            env.warning(method, "[ObservedExcludeUnused] @Observed.Exclude on " + method.getSimpleName()
                    + "() excludes nothing: " + (step ? "@Observed on a workflow step traces execute() only"
                            : type.getSimpleName() + " does not carry @Observed")
                    + ". Remove @Observed.Exclude.");
        }
    }

    /**
     * Reports a service level objective in a type that carries no {@code @Observed} at all (types that do are
     * checked by {@link #validate}).
     *
     * @param element an element annotated with {@code @LatencySlo} or {@code @AvailabilitySlo}
     */
    void checkStraySlo(Element element) {
        if (element instanceof TypeElement type) {
            if (!isObservedType(type)) {
                slos.misplaced(type, "SloWithoutObserved", type.getSimpleName() + " does not carry @Observed, so it "
                        + "is not traced", "Put @Observed on " + type.getSimpleName() + " (or on the methods to "
                        + "trace, with their objectives)");
            }
        } else if (element instanceof ExecutableElement method
                && method.getEnclosingElement() instanceof TypeElement type && !isObservedType(type)) {
            slos.misplaced(method, "SloUntraced", method.getSimpleName() + "() is not traced, as neither it nor "
                    + type.getSimpleName() + " carries @Observed", "Put @Observed on " + method.getSimpleName()
                    + "()");
        }
    }

    /** Whether a type is processed: it carries {@code @Observed}, or one of its methods does. */
    static boolean isObservedType(TypeElement type) {
        if (ProcessingContext.has(type, RuntimeNames.OBSERVED.canonicalName())) {
            return true;
        }
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (ProcessingContext.has(method, RuntimeNames.OBSERVED.canonicalName())) {
                return true;
            }
        }
        return false;
    }

    // Declaration checks: each reports its own error and says whether the declaration passed.

    private boolean checkDeclaration(TypeElement type, boolean typeLevel, String generatedName) {
        boolean valid = true;
        boolean isInterface = type.getKind() == ElementKind.INTERFACE;
        String kind = isInterface ? "interface" : "class";
        String subject = typeLevel ? "@Observed " + kind + " " + type.getSimpleName()
                : (isInterface ? "Interface " : "Class ") + type.getSimpleName() + " (which has @Observed methods)";
        String relation = isInterface ? "implement" : "extend";
        if (type.getModifiers().contains(Modifier.PRIVATE)) {
            valid = env.error(type, "[ObservedPrivate] " + subject + " must not be private: " + generatedName
                    + " is written next to it and must " + relation + " it. Make it package-private or public.");
        }
        for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement; outer =
                outer.getEnclosingElement()) {
            if (outer.getModifiers().contains(Modifier.PRIVATE)) {
                valid = env.error(type, "[ObservedInPrivate] " + subject + " is nested in private "
                        + kindName(outer.getKind()) + " " + outer.getSimpleName() + ", so " + generatedName
                        + " cannot " + relation + " it. Make " + outer.getSimpleName() + " package-private or public.");
            }
        }
        if (type.getModifiers().contains(Modifier.FINAL)) {
            valid = env.error(type, "[ObservedFinal] " + subject + " must not be final: " + generatedName
                    + " extends it. Remove final (in Kotlin, declare the class open).");
        }
        if (type.getModifiers().contains(Modifier.SEALED)) {
            valid = env.error(type, "[ObservedSealed] " + subject + " is sealed, and " + generatedName
                    + " is not among its permitted subtypes. Make it non-sealed, or put @Observed on its permitted "
                    + "subtypes instead.");
        }
        Map<String, TypeParameterElement> names = new HashMap<>();
        for (TypeParameterElement parameter : typeParameters(type)) {
            TypeParameterElement other = names.putIfAbsent(parameter.getSimpleName().toString(), parameter);
            if (other != null) {
                valid = env.error(type, "[ObservedTypeParameterClash] Type parameter " + parameter.getSimpleName()
                        + " of " + parameter.getGenericElement().getSimpleName() + " hides the one of "
                        + other.getGenericElement().getSimpleName() + ", and " + generatedName + " must declare "
                        + "both. Rename one of them.");
            }
        }
        return valid;
    }

    private boolean checkConstructors(TypeElement type, String generatedName, boolean decorator,
            List<InstrumentedModel.Constructor> constructors) {
        if (decorator) {
            return true;
        }
        boolean valid = true;
        for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            if (constructor.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            for (VariableElement parameter : constructor.getParameters()) {
                TypeElement hidden = ProcessingContext.privateTypeIn(parameter.asType());
                if (hidden != null) {
                    valid = env.error(constructor, "[ObservedPrivateType] This constructor refers to private type "
                            + hidden.getQualifiedName() + ", which " + generatedName + " cannot name to mirror it. "
                            + "Make " + hidden.getSimpleName() + " package-private, or the constructor private.");
                    break;
                }
            }
        }
        if (constructors.isEmpty()) {
            valid = env.error(type, "[ObservedNoConstructor] " + type.getSimpleName() + " has only private "
                    + "constructors, so " + generatedName + " cannot call any of them. Make at least one constructor "
                    + "package-private, protected or public.");
        }
        return valid;
    }

    private boolean checkStep(TypeElement type, TypeElement primitive, ExecutableElement execute,
            String generatedName) {
        boolean valid = true;
        if (execute.getModifiers().contains(Modifier.ABSTRACT)) {
            valid = env.error(type, "[ObservedAbstractExecute] " + type.getSimpleName() + " does not implement "
                    + "execute, so " + generatedName + " has no super.execute to call. Implement execute in "
                    + type.getSimpleName() + " (or in one of its superclasses).");
        }
        if (execute.getModifiers().contains(Modifier.FINAL)) {
            valid = env.error(type, "[ObservedFinalExecute] execute is final in "
                    + execute.getEnclosingElement().getSimpleName() + ", so " + generatedName
                    + " cannot override it to trace it. Remove final from execute.");
        }
        return valid & checkNameMethod(type, primitive, generatedName);
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
                    return env.error(type, "[ObservedNameMethod] " + where + ", but " + generatedName
                            + " overrides name() with the step name. Remove it and use @Observed(name = \"...\") "
                            + "instead, so that spans, metrics and name() agree.");
                }
            }
        }
        return true;
    }

    private boolean checkBlankName(TypeElement type, AnnotationMirror observed, AnnotationValue value,
            boolean step) {
        if (value == null || !(value.getValue() instanceof String name) || name.isEmpty() || !name.isBlank()) {
            return true;
        }
        return env.error(type, observed, value, step
                ? "[ObservedBlankName] @Observed(name) must not be blank: it names the step in spans, metrics and "
                        + "logs. Give a name, or leave name out to use the class name \"" + type.getSimpleName()
                        + "\"."
                : "[ObservedBlankName] @Observed(name) must not be blank: it stands for " + type.getSimpleName()
                        + " in the span names of its methods. Give a name, or leave name out to use \""
                        + type.getSimpleName() + "\".");
    }

    private boolean checkClash(TypeElement type, String generatedName) {
        String qualified = qualifiedGeneratedName(type, generatedName);
        String previous = generatedNames.get(qualified);
        if (previous != null && !previous.contentEquals(type.getQualifiedName())) {
            return env.error(type, "[ObservedClash] " + previous + " already generates " + qualified
                    + " in this compilation. Rename one of the two types.");
        }
        TypeElement existing = elements.getTypeElement(qualified);
        // A type we generated before (a class file from an earlier build) is ours to replace.
        if (previous == null && existing != null
                && !ProcessingContext.has(existing, RuntimeNames.WORKFLOW_GENERATED.canonicalName())) {
            return env.error(type, "[ObservedClash] A type named " + qualified + " already exists, and it is the name "
                    + "of the class generated for " + type.getSimpleName() + ". Rename that type or "
                    + type.getSimpleName() + ".");
        }
        return true;
    }

    // The model.

    /**
     * The type parameters the generated class declares: for an inner class, those of its enclosing classes too
     * (outermost first), since {@code Outer<T>.Inner} uses them.
     */
    private static List<TypeParameterElement> typeParameters(TypeElement type) {
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
            List<TypeMirror> parameterTypes = ProcessingContext.parameterTypes(constructor);
            env.requireResolved(constructor.getReturnType(), parameterTypes, constructor.getThrownTypes());
            env.requireResolvedBounds(constructor.getTypeParameters());
            if (parameterTypes.stream().anyMatch(parameter -> ProcessingContext.privateTypeIn(parameter) != null)) {
                continue; // reported by checkConstructors
            }
            List<InstrumentedModel.Parameter> parameters =
                    ProcessingContext.parameters(constructor.getParameters(), parameterTypes);
            Set<String> names = new HashSet<>();
            parameters.forEach(parameter -> names.add(parameter.name()));
            boolean safeVarargs = constructor.getAnnotation(SafeVarargs.class) != null;
            constructors.add(new InstrumentedModel.Constructor(
                    // Protected is widened to public: a protected constructor of a top-level class is callable only
                    // by subclasses and the package, which makes the generated class useless elsewhere.
                    modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.PROTECTED),
                    List.copyOf(constructor.getTypeParameters()),
                    enclosing == null ? Optional.empty() : Optional.of(
                            new InstrumentedModel.Parameter(ProcessingContext.freeName("outer", names), enclosing)),
                    parameters,
                    constructor.isVarArgs(),
                    List.copyOf(constructor.getThrownTypes()),
                    safeVarargs,
                    constructor.isVarArgs() && !safeVarargs && !ProcessingContext.reifiable(((ArrayType)
                            parameterTypes.get(parameterTypes.size() - 1)).getComponentType()),
                    elements.isDeprecated(constructor),
                    ProcessingContext.suppressedWarnings(constructor, type)));
        }
        return constructors;
    }

    private InstrumentedModel.Step executeModel(String stepName, String workflow, List<InstrumentedModel.Slo> slos,
            ExecutableElement execute, ExecutableType executeType, List<InstrumentedModel.Attribute> attributes) {
        List<InstrumentedModel.Parameter> parameters =
                ProcessingContext.parameters(execute.getParameters(), executeType.getParameterTypes());
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
                ProcessingContext.freeName("invocation", taken),
                ProcessingContext.freeName("failure", taken),
                elements.isDeprecated(execute),
                ProcessingContext.suppressedWarnings(execute, execute.getEnclosingElement()));
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

    /** Superclasses and superinterfaces, all the way up, and the bounds of the type's type parameters. */
    private void requireResolved(TypeElement type) throws UnresolvedTypeException {
        List<TypeMirror> supertypes = new ArrayList<>();
        collectSupertypes(type.asType(), supertypes, new HashSet<>());
        env.requireResolved(supertypes);
        env.requireResolvedBounds(typeParameters(type));
    }

    private void collectSupertypes(TypeMirror type, List<TypeMirror> supertypes, Set<String> seen) {
        for (TypeMirror supertype : env.types.directSupertypes(type)) {
            supertypes.add(supertype);
            if (supertype.getKind() == TypeKind.DECLARED && seen.add(env.types.erasure(supertype).toString())) {
                collectSupertypes(supertype, supertypes, seen);
            }
        }
    }

    // Small helpers.

    private boolean isSubclass(TypeElement type, TypeElement primitive) {
        return type.getKind() == ElementKind.CLASS
                && env.types.isSubtype(env.types.erasure(type.asType()), env.types.erasure(primitive.asType()));
    }

    private boolean isSerializable(TypeElement type) {
        TypeElement serializable = elements.getTypeElement("java.io.Serializable");
        return serializable != null && env.types.isAssignable(type.asType(), serializable.asType());
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
        return superclass.getKind() == TypeKind.DECLARED ? (TypeElement) env.types.asElement(superclass) : null;
    }

    private static ExecutableElement method(TypeElement type, String name, int parameterCount) {
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (method.getSimpleName().contentEquals(name) && method.getParameters().size() == parameterCount) {
                return method;
            }
        }
        return null;
    }

    /** {@code Instrumented} + the simple names from the outermost type down, joined by {@code _}. */
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
            case INTERFACE -> "interface";
            case ENUM -> "enum";
            case RECORD -> "record";
            default -> "class";
        };
    }
}
