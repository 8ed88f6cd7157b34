package dev.tta.workflow.telemetry;

/** What an {@link Anomaly} is about: the {@link TelemetryNames#ANOMALY_KIND} attribute of its gauge and events. */
public enum AnomalyKind {

    /** The 95th percentile latency of closed window intervals rose above the band of the recent baseline. */
    LATENCY("latency"),

    /** The error ratio of closed window intervals rose above what the recent baseline rate explains. */
    ERRORS("errors");

    private final String value;

    AnomalyKind(String value) {
        this.value = value;
    }

    /**
     * The attribute value.
     *
     * @return {@code latency} or {@code errors}
     */
    public String value() {
        return value;
    }
}
