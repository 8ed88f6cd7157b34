package dev.tta.workflow.slo;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one objective of one primitive at one moment, from {@link SloTracker#status()}.
 *
 * <p>Counts cover the compliance period, resolved to the tracker's buckets (see {@link SloTracker}). The error budget
 * left is {@code 1 - (bad / total) / (1 - target)}: 1 while nothing bad happened, 0 when the period holds exactly
 * as many bad events as the objective allows, negative beyond. A burn rate is
 * {@code (bad / total over the window) / (1 - target)}: 1 spends the budget exactly over the period, 14.4 spends
 * a 30-day budget's 2 % in one hour (the usual paging threshold). Both are computed from events only: with no events
 * the budget is whole (1) and the burn rates are 0.
 *
 * @param primitiveName the primitive the objective belongs to
 * @param objective the objective
 * @param good good events over the compliance period
 * @param total good and bad events over the compliance period
 * @param errorBudgetRemaining the share of the error budget left over the period; negative once overspent
 * @param burnRates the burn rate over each of {@link #BURN_RATE_WINDOWS}, in that order
 */
public record SloStatus(String primitiveName, ServiceLevelObjective objective, long good, long total,
        double errorBudgetRemaining, Map<Duration, Double> burnRates) {

    /**
     * The windows burn rates are computed over: 5 minutes, 30 minutes, 1 hour, 6 hours and 3 days, the windows of
     * the multiwindow, multi-burn-rate alerts of the Google SRE workbook (page on 1 h and 5 min at 14.4, on 6 h and
     * 30 min at 6; ticket on 3 days and 6 h at 1).
     */
    public static final List<Duration> BURN_RATE_WINDOWS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(3));

    /** Labels of {@link #BURN_RATE_WINDOWS}, in the same order: the {@code workflow.slo.window} attribute values. */
    public static final List<String> BURN_RATE_WINDOW_LABELS = List.of("5m", "30m", "1h", "6h", "3d");

    /**
     * Checks the values and copies the map.
     *
     * @throws IllegalArgumentException if the counts are negative, good exceeds total, or a burn rate is missing
     *
     * @param primitiveName see {@link #primitiveName()}
     * @param objective see {@link #objective()}
     * @param good see {@link #good()}
     * @param total see {@link #total()}
     * @param errorBudgetRemaining see {@link #errorBudgetRemaining()}
     * @param burnRates see {@link #burnRates()}
     */
    public SloStatus {
        Objects.requireNonNull(primitiveName, "primitiveName");
        Objects.requireNonNull(objective, "objective");
        if (good < 0 || total < good) {
            throw new IllegalArgumentException("SLO counts must satisfy 0 <= good <= total, were good=" + good
                    + ", total=" + total);
        }
        if (!burnRates.keySet().containsAll(BURN_RATE_WINDOWS)) {
            throw new IllegalArgumentException("burn rates must cover " + BURN_RATE_WINDOWS + ", were "
                    + burnRates.keySet());
        }
        burnRates = Collections.unmodifiableMap(new LinkedHashMap<>(burnRates));
    }

    /**
     * Bad events over the compliance period.
     *
     * @return {@code total - good}
     */
    public long bad() {
        return total - good;
    }

    /**
     * The share of good events over the compliance period.
     *
     * @return {@code good / total}, or 1 without events
     */
    public double goodRatio() {
        return total == 0 ? 1.0 : (double) good / total;
    }

    /**
     * Whether the objective is met over the compliance period so far: no more bad events than the budget allows.
     *
     * @return true when {@link #errorBudgetRemaining()} is not negative
     */
    public boolean isMet() {
        return errorBudgetRemaining >= 0;
    }

    /**
     * The burn rate over one of {@link #BURN_RATE_WINDOWS}.
     *
     * @param window one of the windows, e.g. {@code Duration.ofHours(1)}
     * @return the burn rate, 0 when the window holds no events
     * @throws IllegalArgumentException if the window is not one of {@link #BURN_RATE_WINDOWS}
     */
    public double burnRate(Duration window) {
        Double rate = burnRates.get(window);
        if (rate == null) {
            throw new IllegalArgumentException("no burn rate over " + window + ": burn rates are computed over "
                    + BURN_RATE_WINDOW_LABELS);
        }
        return rate;
    }

    /**
     * The label of a burn-rate window, as in the {@code workflow.slo.window} attribute.
     *
     * @param window one of {@link #BURN_RATE_WINDOWS}
     * @return {@code 5m}, {@code 30m}, {@code 1h}, {@code 6h} or {@code 3d}
     * @throws IllegalArgumentException if the window is not one of {@link #BURN_RATE_WINDOWS}
     */
    public static String windowLabel(Duration window) {
        int index = BURN_RATE_WINDOWS.indexOf(window);
        if (index < 0) {
            throw new IllegalArgumentException("not a burn-rate window: " + window + "; the windows are "
                    + BURN_RATE_WINDOW_LABELS);
        }
        return BURN_RATE_WINDOW_LABELS.get(index);
    }
}
