package dev.tta.workflow.ops;

import java.util.Locale;

/** What a service level objective counts as a good event. */
public enum SloKind {

    /** Good: a successful execution that finished within the threshold; only successful executions count. */
    LATENCY,
    /** Good: a successful execution; every execution counts. */
    AVAILABILITY;

    /**
     * The name used in descriptors and in the {@code workflow_slo_kind} label.
     *
     * @return {@code latency} or {@code availability}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a descriptor's {@code kind}.
     *
     * @param value {@code latency} or {@code availability}
     * @return the kind
     * @throws IllegalArgumentException for any other value
     */
    public static SloKind parse(String value) {
        for (SloKind kind : values()) {
            if (kind.label().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown SLO kind '" + value + "'; expected 'latency' or 'availability'");
    }
}
