package dev.tta.workflow.ops;

/**
 * The Prometheus names of the library's metrics as the OpenTelemetry Prometheus exporter (1.65.0-alpha) renders them:
 * dots become underscores, the unit {@code s} adds {@code _seconds}, the unit {@code 1} and annotation units such as
 * {@code {attempt}} add nothing (no {@code _ratio}), counters end in {@code _total}, histograms expose
 * {@code _bucket}, {@code _sum} and {@code _count}. The tests of this module check every one of them, metric and
 * label, against a real scrape of the exporter.
 */
public final class PrometheusNames {

    private PrometheusNames() {
    }

    /** Histogram {@code workflow.primitive.duration}, buckets. */
    public static final String DURATION_BUCKET = "workflow_primitive_duration_seconds_bucket";
    /** Histogram {@code workflow.primitive.duration}, number of executions. */
    public static final String DURATION_COUNT = "workflow_primitive_duration_seconds_count";
    /** Histogram {@code workflow.primitive.duration}, total seconds. */
    public static final String DURATION_SUM = "workflow_primitive_duration_seconds_sum";
    /** Up-down counter {@code workflow.primitive.active}, a gauge in Prometheus. */
    public static final String ACTIVE = "workflow_primitive_active";
    /** Counter {@code workflow.retry.attempts}. */
    public static final String RETRY_ATTEMPTS = "workflow_retry_attempts_total";
    /** Counter {@code workflow.fallback.activations}. */
    public static final String FALLBACK_ACTIVATIONS = "workflow_fallback_activations_total";
    /** Counter {@code workflow.cache.requests}. */
    public static final String CACHE_REQUESTS = "workflow_cache_requests_total";
    /** Counter {@code workflow.cost}. */
    public static final String COST = "workflow_cost_total";
    /** Counter {@code workflow.slo.events}: one event per SLO per execution, good or bad. */
    public static final String SLO_EVENTS = "workflow_slo_events_total";
    /**
     * Gauge {@code workflow.slo.objective} (unit {@code 1}): an SLO's target, as each process holds it; labels
     * primitive, SLO name and kind, no workflow.
     */
    public static final String SLO_OBJECTIVE = "workflow_slo_objective";
    /**
     * Gauge {@code workflow.slo.error_budget.remaining} (unit {@code 1}): the share of the error budget left over the
     * compliance period as each process counted it since it started (the recording rules count it over every
     * process and across restarts).
     */
    public static final String SLO_ERROR_BUDGET_REMAINING = "workflow_slo_error_budget_remaining";
    /** Gauge {@code workflow.slo.burn_rate} (unit {@code 1}): the burn rate over a window, per process. */
    public static final String SLO_BURN_RATE = "workflow_slo_burn_rate";

    /**
     * Gauge {@code workflow.anomaly.active} (unit {@code 1}): 1 while the process has an anomaly of the primitive
     * open, else 0; labels primitive and {@link #ANOMALY_KIND_LABEL}, no workflow.
     */
    public static final String ANOMALY_ACTIVE = "workflow_anomaly_active";

    /** Label of {@code workflow.primitive.name}. */
    public static final String PRIMITIVE_LABEL = "workflow_primitive_name";
    /** Label of {@code workflow.name}. */
    public static final String WORKFLOW_LABEL = "workflow_name";
    /** Label of {@code workflow.primitive.outcome}: {@code success} or {@code failure} ({@code retried} on retries). */
    public static final String OUTCOME_LABEL = "workflow_primitive_outcome";
    /** Label of {@code cache.result}: {@code hit} or {@code miss}. */
    public static final String CACHE_RESULT_LABEL = "cache_result";
    /** Label of {@code workflow.cost.currency}. */
    public static final String CURRENCY_LABEL = "workflow_cost_currency";
    /** Label of {@code workflow.slo.name}. */
    public static final String SLO_NAME_LABEL = "workflow_slo_name";
    /** Label of {@code workflow.slo.kind}. */
    public static final String SLO_KIND_LABEL = "workflow_slo_kind";
    /** Label of {@code workflow.slo.result}: {@code good} or {@code bad}. */
    public static final String SLO_RESULT_LABEL = "workflow_slo_result";
    /**
     * Label of {@code workflow.slo.window} on {@link #SLO_BURN_RATE}: {@code 5m}, {@code 30m}, {@code 1h}, {@code 6h}
     * or {@code 3d}.
     */
    public static final String SLO_WINDOW_LABEL = "workflow_slo_window";
    /** Label of {@code workflow.anomaly.kind} on {@link #ANOMALY_ACTIVE}: {@code latency} or {@code errors}. */
    public static final String ANOMALY_KIND_LABEL = "workflow_anomaly_kind";
    /** The histogram bucket bound label. */
    public static final String LE_LABEL = "le";

    /** The label Prometheus adds to every scraped series: the scrape job. The default service label. */
    public static final String JOB_LABEL = "job";
}
