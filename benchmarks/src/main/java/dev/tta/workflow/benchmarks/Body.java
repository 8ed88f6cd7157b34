package dev.tta.workflow.benchmarks;

/**
 * The step bodies measured, by their {@code body} JMH parameter.
 */
public final class Body {

    /** A small CPU-bound body: a few tens of nanoseconds, so that the instrumentation dominates. */
    public static final String SMALL = "small";

    /** A body of about 20 µs, a short but realistic step (the bare benchmark shows the real figure). */
    public static final String MICROS_20 = "20us";

    private static final long SMALL_TOKENS = 32;
    /** Calibrated on the machine of BENCHMARKS.md, where a JMH token takes about 2 ns. */
    private static final long MICROS_20_TOKENS = 10_000;

    private Body() {
    }

    /**
     * The JMH tokens of a body.
     *
     * @param body {@link #SMALL} or {@link #MICROS_20}
     * @return the tokens for {@link org.openjdk.jmh.infra.Blackhole#consumeCPU(long)}
     * @throws IllegalArgumentException for any other name
     */
    public static long tokens(String body) {
        return switch (body) {
            case SMALL -> SMALL_TOKENS;
            case MICROS_20 -> MICROS_20_TOKENS;
            default -> throw new IllegalArgumentException("unknown body '" + body + "': use " + SMALL + " or "
                    + MICROS_20);
        };
    }
}
