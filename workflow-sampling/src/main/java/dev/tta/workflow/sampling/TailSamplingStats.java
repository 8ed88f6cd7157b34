package dev.tta.workflow.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TailSamplingSpanProcessor} has decided so far, and what it holds now.
 *
 * @param decided local traces (runs) decided
 * @param kept kept local traces by reason, every reason present
 * @param dropped local traces dropped
 * @param earlyBySpans traces decided before their root ended because they reached the span bound
 * @param earlyByBytes traces decided early because the buffer reached its byte bound
 * @param earlyByAge traces decided early because they reached the age bound (roots that never end)
 * @param untracked local roots not buffered because the trace bound was reached: they went by the head decision
 * @param tracesInFlight local traces in the buffer now
 * @param bufferedSpans ended spans in the buffer now
 * @param bufferedBytes the buffer's estimated size now, in bytes
 */
public record TailSamplingStats(long decided, Map<KeepReason, Long> kept, long dropped, long earlyBySpans,
        long earlyByBytes, long earlyByAge, long untracked, int tracesInFlight, long bufferedSpans,
        long bufferedBytes) {

    /**
     * Copies the map.
     *
     * @param decided local traces decided
     * @param kept kept traces by reason
     * @param dropped traces dropped
     * @param earlyBySpans early decisions at the span bound
     * @param earlyByBytes early decisions at the byte bound
     * @param earlyByAge early decisions at the age bound
     * @param untracked roots past the trace bound
     * @param tracesInFlight traces buffered now
     * @param bufferedSpans spans buffered now
     * @param bufferedBytes bytes buffered now
     */
    public TailSamplingStats {
        kept = Map.copyOf(kept);
    }

    /**
     * Local traces kept, for any reason.
     *
     * @return the count
     */
    public long keptTotal() {
        return kept.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * One line, e.g. {@code kept 12 of 100 runs (error 3, retry 2, head 7), dropped 88}.
     *
     * @return the summary
     */
    public String summary() {
        List<String> reasons = new ArrayList<>();
        for (KeepReason reason : KeepReason.values()) {
            long count = kept.getOrDefault(reason, 0L);
            if (count > 0) {
                reasons.add(reason.value() + " " + count);
            }
        }
        String line = "kept " + keptTotal() + " of " + decided + " runs" + (reasons.isEmpty() ? "" : " ("
                + String.join(", ", reasons) + ")") + ", dropped " + dropped;
        long early = earlyBySpans + earlyByBytes + earlyByAge;
        if (early > 0 || untracked > 0) {
            line += "; decided early: " + earlyBySpans + " at the span bound, " + earlyByBytes + " at the byte bound, "
                    + earlyByAge + " at the age bound; " + untracked + " past the trace bound went by the head decision";
        }
        return line;
    }
}
