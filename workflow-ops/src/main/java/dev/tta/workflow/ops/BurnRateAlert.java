package dev.tta.workflow.ops;

import java.util.List;

/**
 * One multiwindow burn-rate condition of the Google SRE workbook ("Alerting on SLOs", recommended parameters for a
 * 99.9% SLO over 30 days): the alert fires while the error budget burns faster than {@code factor} times the
 * sustainable rate over both the long and the short window. The short window makes the alert stop soon after the
 * burn stops, which is why, as in the workbook and Sloth, the rules carry no {@code for:} delay.
 *
 * @param alert the alert name
 * @param severity {@code page} or {@code ticket}
 * @param longWindow the long window, e.g. {@code 1h}
 * @param shortWindow the short window, e.g. {@code 5m}
 * @param factor the burn-rate threshold
 * @param longWindowHours the long window in hours, for the budget arithmetic in the alert text
 */
public record BurnRateAlert(String alert, String severity, String longWindow, String shortWindow, double factor,
        int longWindowHours) {

    /** Page: 2% of a 30-day budget gone in one hour. */
    public static final BurnRateAlert PAGE_FAST =
            new BurnRateAlert("WorkflowSloBurnRatePageFast", "page", "1h", "5m", 14.4, 1);
    /** Page: 5% of a 30-day budget gone in six hours. */
    public static final BurnRateAlert PAGE_SLOW =
            new BurnRateAlert("WorkflowSloBurnRatePageSlow", "page", "6h", "30m", 6, 6);
    /** Ticket: 10% of a 30-day budget gone in three days. */
    public static final BurnRateAlert TICKET =
            new BurnRateAlert("WorkflowSloBurnRateTicket", "ticket", "3d", "6h", 1, 72);

    /** The three conditions, most urgent first. */
    public static final List<BurnRateAlert> ALL = List.of(PAGE_FAST, PAGE_SLOW, TICKET);

    /** Every window the rules record an error ratio and a burn rate for, shortest first. */
    public static final List<String> WINDOWS = List.of("5m", "30m", "1h", "6h", "3d");

    /**
     * The factor as PromQL and people write it: {@code 14.4}, {@code 6}, {@code 1}.
     *
     * @return the factor without a needless ".0"
     */
    public String factorText() {
        return factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor);
    }
}
