package dev.tta.workflow.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * A step's input and output types as Java expressions of {@code java.lang.reflect.Type}, for
 * {@code PrimitiveTelemetry.withValueTypes}: {@code Order.class}, or {@code ValueTypes.of(List.class, Line.class)}
 * for {@code List<Line>}. What has no runtime form of its own is written as the class it erases to: a type variable as
 * its bound's class, {@code ? extends T} as {@code T}, {@code ?} and {@code ? super T} as {@code Object}, a generic
 * array as its raw array class. Type-use annotations are left out: a class literal cannot carry them.
 */
final class TypeTokens {

    private static final ClassName VALUE_TYPES = ClassName.get("dev.tta.workflow.spi", "ValueTypes");

    private TypeTokens() {
    }

    /**
     * The expression of a type.
     *
     * @param type a declared, array, primitive, type-variable, wildcard or intersection type
     * @return a {@code Type} expression
     */
    static CodeBlock of(TypeMirror type) {
        switch (type.getKind()) {
            case DECLARED -> {
                DeclaredType declared = (DeclaredType) type;
                ClassName raw = ClassName.get((TypeElement) declared.asElement());
                List<? extends TypeMirror> arguments = declared.getTypeArguments();
                if (arguments.isEmpty()) {
                    return CodeBlock.of("$T.class", raw);
                }
                CodeBlock.Builder code = CodeBlock.builder().add("$T.of($T.class", VALUE_TYPES, raw);
                for (TypeMirror argument : arguments) {
                    code.add(", $L", of(argument));
                }
                return code.add(")").build();
            }
            case TYPEVAR, INTERSECTION -> {
                // Its bound's class only, so that T extends Comparable<T> does not recurse.
                return CodeBlock.of("$T.class", erasure(type));
            }
            case WILDCARD -> {
                TypeMirror bound = ((WildcardType) type).getExtendsBound();
                return bound == null ? CodeBlock.of("$T.class", Object.class) : of(bound);
            }
            case ARRAY -> {
                return CodeBlock.of("$T.class", erasure(type));
            }
            default -> {
                return CodeBlock.of("$T.class", TypeName.get(type));
            }
        }
    }

    private static TypeName erasure(TypeMirror type) {
        return switch (type.getKind()) {
            case DECLARED -> ClassName.get((TypeElement) ((DeclaredType) type).asElement());
            case ARRAY -> ArrayTypeName.of(erasure(((ArrayType) type).getComponentType()));
            case TYPEVAR -> erasure(((TypeVariable) type).getUpperBound());
            case INTERSECTION -> erasure(((IntersectionType) type).getBounds().get(0));
            case WILDCARD -> {
                TypeMirror bound = ((WildcardType) type).getExtendsBound();
                yield bound == null ? ClassName.get(Object.class) : erasure(bound);
            }
            default -> TypeName.get(type);
        };
    }
}
