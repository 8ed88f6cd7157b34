package dev.tta.workflow.processor;

import dev.tta.workflow.processor.InstrumentedModel.Conversion;
import dev.tta.workflow.processor.InstrumentedModel.KeyType;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Maps the declared type of an {@code @Observed.Attribute} parameter to an OpenTelemetry attribute type and the
 * conversion that gets it there, at compile time: strings, integral and floating-point numbers and booleans (boxed or
 * not), their arrays and their {@code List}s keep an OpenTelemetry type; anything else becomes a string.
 */
final class AttributeTypes {

    private AttributeTypes() {
    }

    /**
     * An attribute type and a conversion.
     *
     * @param keyType the OpenTelemetry type of the attribute
     * @param conversion how the parameter's value becomes the attribute's
     */
    record Mapping(KeyType keyType, Conversion conversion) {
    }

    private static final Mapping TEXT = new Mapping(KeyType.STRING, Conversion.TEXT);

    /**
     * The mapping for a parameter type.
     *
     * @param type the parameter's declared type (type-use annotations do not matter)
     * @return the mapping
     */
    static Mapping of(TypeMirror type) {
        return switch (type.getKind()) {
            case BOOLEAN -> new Mapping(KeyType.BOOLEAN, Conversion.AS_IS);
            case LONG -> new Mapping(KeyType.LONG, Conversion.AS_IS);
            case INT, SHORT, BYTE -> new Mapping(KeyType.LONG, Conversion.CAST_LONG);
            case DOUBLE -> new Mapping(KeyType.DOUBLE, Conversion.AS_IS);
            case FLOAT -> new Mapping(KeyType.DOUBLE, Conversion.CAST_DOUBLE);
            case CHAR -> new Mapping(KeyType.STRING, Conversion.CHAR);
            case ARRAY -> array(((ArrayType) type).getComponentType());
            case DECLARED -> declared((DeclaredType) type);
            default -> TEXT;
        };
    }

    private static Mapping array(TypeMirror component) {
        return switch (component.getKind()) {
            case LONG, INT, SHORT, BYTE -> new Mapping(KeyType.LONG_ARRAY, Conversion.LONGS);
            case DOUBLE, FLOAT -> new Mapping(KeyType.DOUBLE_ARRAY, Conversion.DOUBLES);
            case BOOLEAN -> new Mapping(KeyType.BOOLEAN_ARRAY, Conversion.BOOLEANS);
            case DECLARED -> "java.lang.String".equals(name(component))
                    ? new Mapping(KeyType.STRING_ARRAY, Conversion.STRINGS) : TEXT;
            default -> TEXT;
        };
    }

    private static Mapping declared(DeclaredType type) {
        String name = name(type);
        switch (name) {
            case "java.lang.String":
                return new Mapping(KeyType.STRING, Conversion.AS_IS);
            case "java.lang.Long":
                return new Mapping(KeyType.LONG, Conversion.AS_IS);
            case "java.lang.Integer", "java.lang.Short", "java.lang.Byte":
                return new Mapping(KeyType.LONG, Conversion.LONG_VALUE);
            case "java.lang.Double":
                return new Mapping(KeyType.DOUBLE, Conversion.AS_IS);
            case "java.lang.Float":
                return new Mapping(KeyType.DOUBLE, Conversion.DOUBLE_VALUE);
            case "java.lang.Boolean":
                return new Mapping(KeyType.BOOLEAN, Conversion.AS_IS);
            case "java.util.List":
                return list(type.getTypeArguments());
            default:
                return TEXT;
        }
    }

    /** {@code List<E>}, or {@code List<? extends E>}, by its element type. */
    private static Mapping list(List<? extends TypeMirror> arguments) {
        if (arguments.size() != 1) {
            return TEXT;
        }
        TypeMirror element = arguments.get(0);
        if (element.getKind() == TypeKind.WILDCARD) {
            element = ((WildcardType) element).getExtendsBound();
        }
        if (element == null || element.getKind() != TypeKind.DECLARED) {
            return TEXT;
        }
        return switch (name(element)) {
            case "java.lang.String" -> new Mapping(KeyType.STRING_ARRAY, Conversion.STRINGS);
            case "java.lang.Long", "java.lang.Integer", "java.lang.Short", "java.lang.Byte" ->
                    new Mapping(KeyType.LONG_ARRAY, Conversion.LONGS);
            case "java.lang.Double", "java.lang.Float" -> new Mapping(KeyType.DOUBLE_ARRAY, Conversion.DOUBLES);
            case "java.lang.Boolean" -> new Mapping(KeyType.BOOLEAN_ARRAY, Conversion.BOOLEANS);
            default -> TEXT;
        };
    }

    private static String name(TypeMirror type) {
        return ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
    }
}
