package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
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

/**
 * The compiler's {@link Elements} and {@link Types}, and the questions about types that the validators share: how a
 * member looks from the annotated type, whether the generated class can name a type or declare an array of it, and
 * whether every type a signature refers to is resolved yet.
 */
final class TypeChecks {

    final Elements elements;
    final Types types;
    final SourceLocations sources;

    TypeChecks(ProcessingEnvironment environment) {
        this.elements = environment.getElementUtils();
        this.types = environment.getTypeUtils();
        this.sources = new SourceLocations(environment);
    }

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

    /** Whether a class is a subclass of another, type arguments aside. */
    boolean isSubclass(TypeElement type, TypeElement superclass) {
        return type.getKind() == ElementKind.CLASS
                && types.isSubtype(types.erasure(type.asType()), types.erasure(superclass.asType()));
    }

    /** The direct superclass, or null for Object and interfaces. */
    TypeElement superclass(TypeElement type) {
        TypeMirror superclass = type.getSuperclass();
        return superclass.getKind() == TypeKind.DECLARED ? (TypeElement) types.asElement(superclass) : null;
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
                            && !Names.packageName(elements, (TypeElement) element).equals(packageName)) {
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
}
