package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;

/**
 * The compiler's utilities and the small helpers that {@link ObservedValidator} and {@link MethodsValidator} share:
 * reading annotations, reporting, naming, and the check for unresolved types.
 */
final class ProcessingContext {

    final Elements elements;
    final Types types;
    private final Messager messager;

    ProcessingContext(ProcessingEnvironment environment) {
        this.elements = environment.getElementUtils();
        this.types = environment.getTypeUtils();
        this.messager = environment.getMessager();
    }

    // Reporting.

    /** Reports an error on the element and returns false, so that checks read {@code valid = error(...)}. */
    boolean error(Element element, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
        return false;
    }

    /** Reports an error on one value of an annotation of the element. */
    boolean error(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation, value);
        return false;
    }

    void warning(Element element, String message) {
        messager.printMessage(Diagnostic.Kind.WARNING, message, element);
    }

    void note(Element element, String message) {
        messager.printMessage(Diagnostic.Kind.NOTE, message, element);
    }

    // Annotations.

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

    /**
     * The workflow of {@code @Observed(workflow)} on an element, or the inherited one when it gives none.
     *
     * @param element the annotated type or method
     * @param observed its {@code @Observed}, or null
     * @param inherited the workflow of its type, {@code ""} for none
     * @return the workflow, or null after reporting a blank one
     */
    String workflow(Element element, AnnotationMirror observed, String inherited) {
        AnnotationValue value = explicitValue(observed, "workflow");
        if (value == null || !(value.getValue() instanceof String given) || given.isEmpty()) {
            return inherited;
        }
        if (given.isBlank()) {
            error(element, observed, value, "[ObservedBlankWorkflow] @Observed(workflow) must not be blank: it names "
                    + "the workflow of " + element.getSimpleName() + (element.getKind() == ElementKind.METHOD ? "()" : "")
                    + " in the generated dashboards and alert rules. "
                    + "Give the name passed to WorkflowContext.start(name), or leave workflow out.");
            return null;
        }
        return given;
    }

    // Types.

    /**
     * The method's signature as a member of the annotated type, so that {@code O execute(I, ...)} inherited through
     * {@code WorkflowPrimitive<Order, Order>} reads {@code Order execute(Order, ...)}. A method declared in the type
     * itself is taken as written, which keeps type-use annotations that substitution could drop.
     */
    ExecutableType memberType(TypeElement type, ExecutableElement method) {
        if (method.getEnclosingElement().equals(type)) {
            return (ExecutableType) method.asType();
        }
        return (ExecutableType) types.asMemberOf((DeclaredType) type.asType(), method);
    }

    static List<InstrumentedModel.Parameter> parameters(List<? extends VariableElement> elements,
            List<? extends TypeMirror> types) {
        List<InstrumentedModel.Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            parameters.add(new InstrumentedModel.Parameter(elements.get(i).getSimpleName().toString(), types.get(i)));
        }
        return parameters;
    }

    static List<TypeMirror> parameterTypes(ExecutableElement method) {
        return method.getParameters().stream().map(Element::asType).toList();
    }

    /** {@code preferred}, or {@code preferred1}, {@code preferred2}... whichever is not taken. */
    static String freeName(String preferred, Set<String> taken) {
        String name = preferred;
        for (int suffix = 1; taken.contains(name); suffix++) {
            name = preferred + suffix;
        }
        return name;
    }

    /**
     * Whether an array of this type can be created without an unchecked warning: a varargs parameter whose element
     * type is not reifiable ({@code T...}, {@code List<String>...}) is reported by {@code -Xlint:unchecked}.
     */
    static boolean reifiable(TypeMirror type) {
        return switch (type.getKind()) {
            case ARRAY -> reifiable(((ArrayType) type).getComponentType());
            case DECLARED -> {
                DeclaredType declared = (DeclaredType) type;
                boolean arguments = declared.getTypeArguments().stream().allMatch(argument ->
                        argument.getKind() == TypeKind.WILDCARD
                                && ((WildcardType) argument).getExtendsBound() == null
                                && ((WildcardType) argument).getSuperBound() == null);
                TypeMirror enclosing = declared.getEnclosingType();
                yield arguments && (enclosing.getKind() != TypeKind.DECLARED || declared.asElement().getModifiers()
                        .contains(Modifier.STATIC) || reifiable(enclosing));
            }
            case TYPEVAR, WILDCARD, INTERSECTION -> false;
            default -> true;
        };
    }

    /**
     * The first private type that the type refers to (itself, an argument, a bound...), which a top-level class in
     * the same package cannot name; null if there is none.
     */
    static TypeElement privateTypeIn(TypeMirror type) {
        return switch (type.getKind()) {
            case ARRAY -> privateTypeIn(((ArrayType) type).getComponentType());
            case WILDCARD -> {
                WildcardType wildcard = (WildcardType) type;
                TypeMirror bound = wildcard.getExtendsBound() != null ? wildcard.getExtendsBound()
                        : wildcard.getSuperBound();
                yield bound == null ? null : privateTypeIn(bound);
            }
            case DECLARED -> {
                DeclaredType declared = (DeclaredType) type;
                for (Element element = declared.asElement(); element instanceof TypeElement;
                        element = element.getEnclosingElement()) {
                    if (element.getModifiers().contains(Modifier.PRIVATE)) {
                        yield (TypeElement) element;
                    }
                }
                for (TypeMirror argument : declared.getTypeArguments()) {
                    TypeElement found = privateTypeIn(argument);
                    if (found != null) {
                        yield found;
                    }
                }
                yield declared.getEnclosingType().getKind() == TypeKind.DECLARED
                        ? privateTypeIn(declared.getEnclosingType()) : null;
            }
            default -> null;
        };
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

    /** Whether the type or one of the types enclosing it is deprecated: naming it then warns. */
    boolean deprecatedAlong(TypeElement type) {
        for (Element current = type; current instanceof TypeElement; current = current.getEnclosingElement()) {
            if (elements.isDeprecated(current)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first type that a type refers to (itself, an argument, a bound...) and that a class generated in the
     * package cannot name: a private type, or a package-private one of another package; null if there is none.
     * Protected nested types of another package count as accessible: a subclass inherits them.
     *
     * @param type the type used in a signature
     * @param packageName the package of the generated class
     * @return the type it cannot name, or null
     */
    TypeElement inaccessibleTypeIn(TypeMirror type, String packageName) {
        return switch (type.getKind()) {
            case ARRAY -> inaccessibleTypeIn(((ArrayType) type).getComponentType(), packageName);
            case WILDCARD -> {
                WildcardType wildcard = (WildcardType) type;
                TypeMirror bound = wildcard.getExtendsBound() != null ? wildcard.getExtendsBound()
                        : wildcard.getSuperBound();
                yield bound == null ? null : inaccessibleTypeIn(bound, packageName);
            }
            case DECLARED -> {
                DeclaredType declared = (DeclaredType) type;
                for (Element element = declared.asElement(); element instanceof TypeElement;
                        element = element.getEnclosingElement()) {
                    Set<Modifier> modifiers = element.getModifiers();
                    boolean packagePrivate = !modifiers.contains(Modifier.PUBLIC)
                            && !modifiers.contains(Modifier.PROTECTED);
                    if (modifiers.contains(Modifier.PRIVATE) || packagePrivate
                            && !elements.getPackageOf(element).getQualifiedName().contentEquals(packageName)) {
                        yield (TypeElement) element;
                    }
                }
                for (TypeMirror argument : declared.getTypeArguments()) {
                    TypeElement found = inaccessibleTypeIn(argument, packageName);
                    if (found != null) {
                        yield found;
                    }
                }
                yield declared.getEnclosingType().getKind() == TypeKind.DECLARED
                        ? inaccessibleTypeIn(declared.getEnclosingType(), packageName) : null;
            }
            default -> null;
        };
    }

    // Resolution: an ErrorType anywhere means "maybe generated later".

    void requireResolvedBounds(List<? extends TypeParameterElement> parameters) throws UnresolvedTypeException {
        List<String> missing = new ArrayList<>();
        parameters.forEach(parameter -> parameter.getBounds().forEach(bound -> collectErrors(bound, missing)));
        throwIfAny(missing);
    }

    void requireResolved(TypeMirror result, List<? extends TypeMirror> parameters,
            List<? extends TypeMirror> thrown) throws UnresolvedTypeException {
        List<String> missing = new ArrayList<>();
        collectErrors(result, missing);
        parameters.forEach(parameter -> collectErrors(parameter, missing));
        thrown.forEach(exception -> collectErrors(exception, missing));
        throwIfAny(missing);
    }

    void requireResolved(List<? extends TypeMirror> types) throws UnresolvedTypeException {
        List<String> missing = new ArrayList<>();
        types.forEach(type -> collectErrors(type, missing));
        throwIfAny(missing);
    }

    private static void throwIfAny(List<String> missing) throws UnresolvedTypeException {
        if (!missing.isEmpty()) {
            throw new UnresolvedTypeException(List.copyOf(new LinkedHashSet<>(missing)));
        }
    }

    static void collectErrors(TypeMirror type, List<String> missing) {
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

    /** {@code placeOrder} or {@code order.id} as a constant name: {@code PLACE_ORDER}, {@code ORDER_ID}. */
    static String constantName(String text, String fallback) {
        StringBuilder name = new StringBuilder();
        char previous = '_';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                if (Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous))) {
                    name.append('_');
                }
                name.append(Character.toUpperCase(c));
            } else if (name.length() > 0 && name.charAt(name.length() - 1) != '_') {
                name.append('_');
            }
            previous = c;
        }
        while (name.length() > 0 && name.charAt(name.length() - 1) == '_') {
            name.setLength(name.length() - 1);
        }
        if (name.length() == 0) {
            return fallback;
        }
        return Character.isDigit(name.charAt(0)) ? "_" + name : name.toString();
    }

    /** {@code base}, or {@code base_2}, {@code base_3}... whichever is not taken; the result is taken from now on. */
    static String uniqueName(String base, Set<String> taken) {
        String name = base;
        for (int suffix = 2; !taken.add(name); suffix++) {
            name = base + "_" + suffix;
        }
        return name;
    }
}
