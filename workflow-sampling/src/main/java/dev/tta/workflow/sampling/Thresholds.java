package dev.tta.workflow.sampling;

import io.opentelemetry.api.trace.TraceState;

/**
 * Consistent probability sampling as the OpenTelemetry specification defines it ({@code tracestate-handling.md}):
 * 56 bits of randomness, a 56-bit rejection threshold {@code T}, a span is sampled when {@code R >= T}, and the
 * threshold travels as {@code th} in the {@code ot} entry of the W3C {@code tracestate}.
 */
final class Thresholds {

    /** 2^56: the threshold that rejects everything (probability 0). */
    static final long NEVER = 1L << 56;
    /** The threshold that accepts everything (probability 1). */
    static final long ALWAYS = 0L;

    static final String OT = "ot";
    private static final long RANDOM_MASK = NEVER - 1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Thresholds() {
    }

    /** The threshold of a probability: {@code 2^56 - round(p * 2^56)}. */
    static long ofProbability(double probability) {
        if (!(probability > 0)) {
            return NEVER;
        }
        if (probability >= 1) {
            return ALWAYS;
        }
        return NEVER - Math.round(probability * NEVER);
    }

    /** The probability a threshold samples with. */
    static double probability(long threshold) {
        return (NEVER - threshold) / (double) NEVER;
    }

    /** {@code th}'s encoding: 14 lowercase hex digits with trailing zeros dropped, {@code 0} for always. */
    static String encode(long threshold) {
        if (threshold <= 0) {
            return "0";
        }
        char[] digits = new char[14];
        long value = threshold;
        for (int i = 13; i >= 0; i--) {
            digits[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        int length = 14;
        while (length > 1 && digits[length - 1] == '0') {
            length--;
        }
        return new String(digits, 0, length);
    }

    /**
     * Decodes a {@code th} value.
     *
     * @return the threshold, or -1 if the value is not 1 to 14 lowercase hex digits
     */
    static long decode(String th) {
        if (th == null || th.isEmpty() || th.length() > 14) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < 14; i++) {
            int digit = 0;
            if (i < th.length()) {
                digit = hexDigit(th.charAt(i));
                if (digit < 0) {
                    return -1;
                }
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /**
     * The 56 bits of randomness of a trace: {@code rv} from the {@code ot} entry when it is valid (14 hex digits),
     * else the rightmost 7 bytes of the trace id.
     */
    static long randomness(String traceId, TraceState state) {
        String rv = subKey(state.get(OT), "rv");
        if (rv != null && rv.length() == 14) {
            long explicit = decode(rv);
            if (explicit >= 0) {
                return explicit;
            }
        }
        long value = 0;
        for (int i = traceId.length() - 14; i < traceId.length(); i++) {
            value = (value << 4) | Math.max(0, hexDigit(traceId.charAt(i)));
        }
        return value & RANDOM_MASK;
    }

    /** A sub-key's value in an {@code ot} entry such as {@code th:c;rv:0123456789abcd}, or null. */
    static String subKey(String ot, String key) {
        if (ot == null) {
            return null;
        }
        int start = 0;
        while (start < ot.length()) {
            int end = ot.indexOf(';', start);
            if (end < 0) {
                end = ot.length();
            }
            if (end - start > key.length() && ot.startsWith(key, start) && ot.charAt(start + key.length()) == ':') {
                return ot.substring(start + key.length() + 1, end);
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * The trace state with {@code th} set to this threshold in its {@code ot} entry (other {@code ot} sub-keys kept),
     * or with {@code th} removed when {@code threshold} is negative.
     */
    static TraceState withThreshold(TraceState state, long threshold) {
        String ot = state.get(OT);
        StringBuilder value = new StringBuilder();
        if (threshold >= 0) {
            value.append("th:").append(encode(threshold));
        }
        if (ot != null) {
            for (String part : ot.split(";")) {
                if (!part.isEmpty() && !part.startsWith("th:")) {
                    if (value.length() > 0) {
                        value.append(';');
                    }
                    value.append(part);
                }
            }
        }
        if (value.length() == 0) {
            return ot == null ? state : state.toBuilder().remove(OT).build();
        }
        return state.toBuilder().put(OT, value.toString()).build();
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
