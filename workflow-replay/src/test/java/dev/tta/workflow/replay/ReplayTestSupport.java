package dev.tta.workflow.replay;

/** Helpers of the replay tests. */
final class ReplayTestSupport {

    private ReplayTestSupport() {
    }

    /** A value as the journal writes it. */
    static String json(Object value) {
        return new JsonValues(Masking.withExtra(java.util.Set.of()), Integer.MAX_VALUE).encode(value);
    }
}
