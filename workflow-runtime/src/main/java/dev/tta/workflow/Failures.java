package dev.tta.workflow;

/** How the built-in primitives pass failures on: unchanged, and each earlier failure attached once. */
final class Failures {

    /**
     * The most suppressed exceptions a primitive leaves on a failure: enough for every attempt of any sane retry,
     * and a bound when the failure is one shared instance that every run would otherwise add to.
     */
    static final int MAX_SUPPRESSED = 64;

    private Failures() {
    }

    /**
     * A failure to rethrow from a method declared {@code throws Exception}: an {@link Error} is thrown right here,
     * an {@link Exception} returned for the caller to throw, the same instance either way.
     */
    static Exception rethrowable(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof Exception exception) {
            return exception;
        }
        throw new IllegalStateException("a step threw a Throwable that is neither an Exception nor an Error",
                failure);
    }

    /**
     * Adds {@code earlier} to {@code last}'s suppressed exceptions unless it is the same instance or there already: a
     * step that throws one shared exception instance (a static or cached one) must not grow its list on every run,
     * which is also why no more than {@value #MAX_SUPPRESSED} are ever added.
     */
    static void suppress(Throwable last, Throwable earlier) {
        if (earlier == last) {
            return;
        }
        Throwable[] present = last.getSuppressed();
        if (present.length >= MAX_SUPPRESSED) {
            return;
        }
        for (Throwable suppressed : present) {
            if (suppressed == earlier) {
                return;
            }
        }
        last.addSuppressed(earlier);
    }
}
