package dev.tta.workflow.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Conversions from parameter values to OpenTelemetry attribute values, for the {@code @Observed.Attribute}
 * parameters of generated code. The processor picks the conversion from the parameter's declared type at compile
 * time ({@code int[]} to a {@code long} array, {@code List<Integer>} to a {@code long} array, anything OpenTelemetry has
 * no type for to a string), so nothing here inspects types at run time except {@link #text(Object)} for arrays.
 *
 * <p>Every method maps null to null, which OpenTelemetry ignores: a null parameter records no attribute.
 */
public final class AttributeValues {

    private AttributeValues() {
    }

    /**
     * A {@code long} array attribute from a {@code long[]}.
     *
     * @param values the values, or null
     * @return the values as a list, or null
     */
    public static List<Long> longs(long[] values) {
        if (values == null) {
            return null;
        }
        List<Long> list = new ArrayList<>(values.length);
        for (long value : values) {
            list.add(value);
        }
        return list;
    }

    /**
     * A {@code long} array attribute from an {@code int[]}.
     *
     * @param values the values, or null
     * @return the values as a list, or null
     */
    public static List<Long> longs(int[] values) {
        return values == null ? null : longs(Arrays.stream(values).asLongStream().toArray());
    }

    /**
     * A {@code long} array attribute from a {@code short[]}.
     *
     * @param values the values, or null
     * @return the values as a list, or null
     */
    public static List<Long> longs(short[] values) {
        if (values == null) {
            return null;
        }
        List<Long> list = new ArrayList<>(values.length);
        for (short value : values) {
            list.add((long) value);
        }
        return list;
    }

    /**
     * A {@code long} array attribute from a {@code byte[]}.
     *
     * @param values the values, or null
     * @return the values as a list, or null
     */
    public static List<Long> longs(byte[] values) {
        if (values == null) {
            return null;
        }
        List<Long> list = new ArrayList<>(values.length);
        for (byte value : values) {
            list.add((long) value);
        }
        return list;
    }

    /**
     * A {@code long} array attribute from integral boxes ({@code List<Integer>}, {@code Set<Short>}...); a null
     * element becomes 0, since OpenTelemetry arrays hold no nulls.
     *
     * @param values the values, or null
     * @return the values as a list, or null
     */
    public static List<Long> longs(Collection<? extends Number> values) {
        if (values == null) {
            return null;
        }
        List<Long> list = new ArrayList<>(values.size());
        for (Number value : values) {
            list.add(value == null ? 0L : value.longValue());
        }
        return list;
    }

    /**
     * A {@code double} array attribute from a {@code double[]}.
     *
     * @param values the values, or null
     * @return the values as a list, or null
     */
    public static List<Double> doubles(double[] values) {
        return values == null ? null : Arrays.stream(values).boxed().toList();
    }

    /**
     * A {@code double} array attribute from a {@code float[]}.
     *
     * @param values the values, or null
     * @return the values as a list, or null
     */
    public static List<Double> doubles(float[] values) {
        if (values == null) {
            return null;
        }
        List<Double> list = new ArrayList<>(values.length);
        for (float value : values) {
            list.add((double) value);
        }
        return list;
    }

    /**
     * A {@code double} array attribute from floating-point boxes ({@code List<Float>}...); a null element becomes 0.
     *
     * @param values the values, or null
     * @return the values as a list, or null
     */
    public static List<Double> doubles(Collection<? extends Number> values) {
        if (values == null) {
            return null;
        }
        List<Double> list = new ArrayList<>(values.size());
        for (Number value : values) {
            list.add(value == null ? 0.0 : value.doubleValue());
        }
        return list;
    }

    /**
     * A {@code boolean} array attribute from a {@code boolean[]}.
     *
     * @param values the values, or null
     * @return the values as a list, or null
     */
    public static List<Boolean> booleans(boolean[] values) {
        if (values == null) {
            return null;
        }
        List<Boolean> list = new ArrayList<>(values.length);
        for (boolean value : values) {
            list.add(value);
        }
        return list;
    }

    /**
     * A {@code boolean} array attribute from boxes ({@code List<Boolean>}...); a null element becomes false.
     *
     * @param values the values, or null
     * @return the values as a list, or null
     */
    public static List<Boolean> booleans(Collection<? extends Boolean> values) {
        if (values == null) {
            return null;
        }
        List<Boolean> list = new ArrayList<>(values.size());
        for (Boolean value : values) {
            list.add(Boolean.TRUE.equals(value));
        }
        return list;
    }

    /**
     * A string array attribute from an array of strings (or of anything, through {@code String.valueOf}).
     *
     * @param values the values, or null
     * @return the values as a list of strings, or null
     */
    public static List<String> strings(Object[] values) {
        return values == null ? null : strings(Arrays.asList(values));
    }

    /**
     * A string array attribute from a collection (through {@code String.valueOf}, so a null element is
     * {@code "null"}).
     *
     * @param values the values, or null
     * @return the values as a list of strings, or null
     */
    public static List<String> strings(Collection<?> values) {
        if (values == null) {
            return null;
        }
        List<String> list = new ArrayList<>(values.size());
        for (Object value : values) {
            list.add(String.valueOf(value));
        }
        return list;
    }

    /**
     * A {@code long} attribute from an integral box.
     *
     * @param value the value, or null
     * @return the value, or null
     */
    public static Long longValue(Number value) {
        return value == null ? null : value.longValue();
    }

    /**
     * A {@code double} attribute from a floating-point box.
     *
     * @param value the value, or null
     * @return the value, or null
     */
    public static Double doubleValue(Number value) {
        return value == null ? null : value.doubleValue();
    }

    /**
     * A string attribute from any value: {@code String.valueOf}, except that arrays read as their elements
     * ({@code [a, b]}) rather than as {@code [Ljava.lang.String;@1b6d3586}.
     *
     * @param value the value, or null
     * @return its text, or null
     */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            String nested = Arrays.deepToString(new Object[] {value});
            return nested.substring(1, nested.length() - 1);
        }
        return String.valueOf(value);
    }
}
