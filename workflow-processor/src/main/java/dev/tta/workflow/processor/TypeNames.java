package dev.tta.workflow.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.AnnotatedConstruct;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * Converts {@link TypeMirror}s to JavaPoet {@link TypeName}s, keeping type-use annotations.
 *
 * <p>JavaPoet's own {@code TypeName.get(TypeMirror)} (and so {@code MethodSpec.overriding}) drops them, which would
 * turn {@code @Nullable Order execute(@Nullable Order order, ...)} into an override without nullness: NullAway,
 * the Checker Framework and Kotlin callers would then see a different contract on the generated class. So this walks
 * the type itself and re-attaches each level's annotations ({@code List<@Nullable String>}, {@code @Nullable T},
 * {@code String @Nullable []}...).
 */
final class TypeNames {

    private TypeNames() {
    }

    /**
     * The JavaPoet name of a type as used in a signature (type variables by name, without their bounds).
     *
     * @param type a primitive, void, array, declared, type-variable or wildcard type
     * @return the name, carrying the type-use annotations of every nested type
     * @throws IllegalArgumentException for other kinds (error, intersection, union...): callers validate first
     */
    static TypeName of(TypeMirror type) {
        TypeName name = unannotated(type);
        List<AnnotationSpec> annotations = annotations(type);
        return annotations.isEmpty() ? name : name.annotated(annotations);
    }

    /**
     * The declaration of a type parameter, bounds included: {@code T extends Comparable<T>}, {@code T extends @Nullable
     * Object}. A plain {@code Object} bound is left out, as in source.
     *
     * @param parameter the type parameter of a class or constructor
     * @return the declaration
     */
    static TypeVariableName declaration(TypeParameterElement parameter) {
        // TypeName equality is textual, so an annotated Object bound is kept.
        return declaration(parameter.getSimpleName().toString(), parameter.getBounds());
    }

    /**
     * The declaration of a method's type parameter from its name and bounds (as seen from the annotated type, so an
     * inherited method's bounds are substituted). A plain {@code Object} bound is left out, as in source.
     *
     * @param name the type parameter's name
     * @param bounds its bounds
     * @return the declaration
     */
    static TypeVariableName declaration(String name, List<? extends TypeMirror> bounds) {
        List<TypeName> names = new ArrayList<>();
        for (TypeMirror bound : bounds) {
            TypeName bounding = of(bound);
            if (!bounding.equals(ClassName.OBJECT)) {
                names.add(bounding);
            }
        }
        return TypeVariableName.get(name, names.toArray(TypeName[]::new));
    }

    /**
     * The annotations of a type or element, as JavaPoet specs (values included).
     *
     * @param construct the annotated type or element
     * @return the annotations, in source order
     */
    static List<AnnotationSpec> annotations(AnnotatedConstruct construct) {
        return construct.getAnnotationMirrors().stream().map(AnnotationSpec::get).toList();
    }

    private static TypeName unannotated(TypeMirror type) {
        TypeKind kind = type.getKind();
        if (kind.isPrimitive() || kind == TypeKind.VOID) {
            // Plain keywords: TypeName.get drops annotations here too, and of() re-attaches them.
            return TypeName.get(type);
        }
        return switch (kind) {
            case ARRAY -> ArrayTypeName.of(of(((ArrayType) type).getComponentType()));
            case DECLARED -> declared((DeclaredType) type);
            case TYPEVAR -> TypeVariableName.get(((TypeVariable) type).asElement().getSimpleName().toString());
            case WILDCARD -> wildcard((WildcardType) type);
            default -> throw new IllegalArgumentException("cannot name type " + type + " of kind " + kind);
        };
    }

    private static TypeName declared(DeclaredType type) {
        TypeElement element = (TypeElement) type.asElement();
        List<TypeName> arguments = type.getTypeArguments().stream().map(TypeNames::of).toList();
        TypeMirror enclosing = type.getEnclosingType();
        // An inner (non-static) class of a generic class: Outer<String>.Inner<Integer>.
        if (enclosing.getKind() == TypeKind.DECLARED && !element.getModifiers().contains(Modifier.STATIC)
                && of(enclosing) instanceof ParameterizedTypeName outer) {
            return outer.nestedClass(element.getSimpleName().toString(), arguments);
        }
        ClassName raw = ClassName.get(element);
        return arguments.isEmpty() ? raw : ParameterizedTypeName.get(raw, arguments.toArray(TypeName[]::new));
    }

    private static TypeName wildcard(WildcardType type) {
        if (type.getSuperBound() != null) {
            return WildcardTypeName.supertypeOf(of(type.getSuperBound()));
        }
        if (type.getExtendsBound() != null) {
            return WildcardTypeName.subtypeOf(of(type.getExtendsBound()));
        }
        return WildcardTypeName.subtypeOf(ClassName.OBJECT);
    }
}
