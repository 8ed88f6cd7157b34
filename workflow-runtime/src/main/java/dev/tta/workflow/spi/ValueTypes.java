package dev.tta.workflow.spi;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;

/**
 * Generic types as generated code writes them, for {@link PrimitiveTelemetry#withValueTypes}: a journal serialises a
 * step's input and output by their runtime class, and a replay reads a recorded output back as the declared type,
 * {@code List<Order>} rather than a list of maps.
 */
public final class ValueTypes {

    private ValueTypes() {
    }

    /**
     * A parameterised type, such as {@code ValueTypes.of(Map.class, String.class, Order.class)} for
     * {@code Map<String, Order>}.
     *
     * @param raw the generic class
     * @param arguments its type arguments, one per type parameter
     * @return the type
     * @throws IllegalArgumentException if the number of arguments does not match the class's type parameters
     */
    public static ParameterizedType of(Class<?> raw, Type... arguments) {
        Objects.requireNonNull(raw, "raw class must not be null");
        Type[] copy = arguments.clone();
        if (copy.length != raw.getTypeParameters().length) {
            throw new IllegalArgumentException(raw.getName() + " takes " + raw.getTypeParameters().length
                    + " type arguments, got " + copy.length);
        }
        for (Type argument : copy) {
            Objects.requireNonNull(argument, "type arguments must not be null");
        }
        return new Parameterized(raw, copy);
    }

    /** Equal to the JDK's own parameterised types of the same class and arguments, as {@link ParameterizedType} asks. */
    private record Parameterized(Class<?> raw, Type[] arguments) implements ParameterizedType {

        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return raw.getDeclaringClass();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ParameterizedType type && raw.equals(type.getRawType())
                    && Objects.equals(getOwnerType(), type.getOwnerType())
                    && Arrays.equals(arguments, type.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(arguments) ^ Objects.hashCode(getOwnerType()) ^ raw.hashCode();
        }

        @Override
        public String toString() {
            StringBuilder name = new StringBuilder(raw.getTypeName()).append('<');
            for (int i = 0; i < arguments.length; i++) {
                name.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
            }
            return name.append('>').toString();
        }
    }
}
