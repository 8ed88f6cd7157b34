package dev.tta.workflow;

import java.time.Duration;
import java.util.List;

/**
 * Build-time checks shared by the built-in primitives: bad configuration fails when the primitive is built, with an
 * {@link IllegalArgumentException} that names the parameter, never later inside a running workflow.
 */
final class Checks {

    private Checks() {
    }

    static <T> T notNull(T value, String parameter) {
        if (value == null) {
            throw new IllegalArgumentException(parameter + " must not be null");
        }
        return value;
    }

    /** A non-empty list without null elements, copied. */
    static <T> List<T> elements(List<? extends T> values, String parameter) {
        notNull(values, parameter);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(parameter + " must not be empty");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(parameter + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(values);
    }

    static Duration positive(Duration value, String parameter) {
        notNull(value, parameter);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(parameter + " must be positive, was " + value);
        }
        return value;
    }

    static Duration notNegative(Duration value, String parameter) {
        notNull(value, parameter);
        if (value.isNegative()) {
            throw new IllegalArgumentException(parameter + " must not be negative, was " + value);
        }
        return value;
    }

    static int atLeast(int value, int minimum, String parameter) {
        if (value < minimum) {
            throw new IllegalArgumentException(parameter + " must be at least " + minimum + ", was " + value);
        }
        return value;
    }

    static String name(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("name must not be null or blank");
        }
        return value;
    }
}
