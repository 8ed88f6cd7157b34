package dev.tta.workflow.sampling;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Why the {@link TailSamplingSpanProcessor} kept a run: the value of {@link #ATTRIBUTE} on each of its exported
 * spans. When several apply, the first in this order is given.
 */
public enum KeepReason {
    /** The run failed: a local root ended with status ERROR, or a span did that no retry or fallback recovered. */
    ERROR("error"),
    /**
     * A retry ran a second attempt: a span of type {@code retry} has a {@code workflow.retry.scheduled} event.
     */
    RETRY("retry"),
    /** A fallback ran an alternative to the primary ({@code workflow.fallback.index} of 1 or more). */
    FALLBACK("fallback"),
    /** An execution counted a bad event of a service level objective ({@code workflow.slo.result=bad}). */
    SLO("slo"),
    /** The local root took at least the slow threshold, or longer than its primitive's recent p99. */
    SLOW("slow"),
    /** The anomaly signal was active for the run's workflow when it ended. */
    ANOMALY("anomaly"),
    /** None of the above: the head sampler sampled the run (the head rate). */
    HEAD("head");

    /** The span attribute on every span of a kept run: {@code workflow.sampling.reason}. */
    public static final AttributeKey<String> ATTRIBUTE = AttributeKey.stringKey("workflow.sampling.reason");

    private final String value;

    KeepReason(String value) {
        this.value = value;
    }

    /**
     * The attribute value, e.g. {@code error}.
     *
     * @return the value
     */
    public String value() {
        return value;
    }
}
