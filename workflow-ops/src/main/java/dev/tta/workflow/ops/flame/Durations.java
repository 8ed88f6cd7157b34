package dev.tta.workflow.ops.flame;

import java.math.BigDecimal;

/** Durations as people read them, and nanoseconds as the microseconds Chrome's trace format wants. */
final class Durations {

    private Durations() {
    }

    /** {@code 12.345 ms}, {@code 1.200 s}, {@code 850 ns}: three decimals in the largest unit below the value. */
    static String format(long nanos) {
        long abs = Math.abs(nanos);
        if (abs >= 1_000_000_000L) {
            return scaled(nanos, 9) + " s";
        }
        if (abs >= 1_000_000L) {
            return scaled(nanos, 6) + " ms";
        }
        if (abs >= 1_000L) {
            return scaled(nanos, 3) + " \u00b5s";
        }
        return nanos + " ns";
    }

    private static String scaled(long nanos, int digits) {
        return BigDecimal.valueOf(nanos).movePointLeft(digits).setScale(3, java.math.RoundingMode.HALF_UP)
                .toPlainString();
    }

    /** Nanoseconds as exact decimal microseconds: {@code 1234567} is {@code 1234.567}, no trailing zeros. */
    static String micros(long nanos) {
        BigDecimal micros = BigDecimal.valueOf(nanos).movePointLeft(3).stripTrailingZeros();
        return micros.scale() < 0 ? micros.setScale(0).toPlainString() : micros.toPlainString();
    }
}
