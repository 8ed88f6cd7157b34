package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.cost.CostSummary;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The costs of one execution and everything it ran: what steps recorded inside it directly, plus what its children
 * rolled up when they ended. An execution creates one when the first cost reaches it ({@link CostOwner}; its span
 * gets the totals when it ends); the run has one more for the whole-run total. Thread-safe: parallel branches add to
 * their block's ledger concurrently.
 */
public final class CostLedger {

    /** Enough for any real workflow; beyond it, further model names are not tracked (tokens still are). */
    private static final int MAX_MODELS = 16;
    /** Span attribute keys by currency code: few currencies, so a small map. */
    private static final Map<String, AttributeKey<Double>> AMOUNT_KEYS = new ConcurrentHashMap<>();

    private long inputTokens;
    private long outputTokens;
    // Created by the first cost in money: most costs are tokens only.
    private Map<String, BigDecimal> amounts;
    /** The first model: nearly every ledger has one, so it needs no array. */
    private String model;
    /** The further distinct models, in the first {@code otherModelCount} slots. */
    private String[] otherModels;
    private int otherModelCount;
    private volatile boolean used;

    /**
     * An empty ledger. Whose costs it holds is its owner's to know ({@link CostOwner#name()}): a ledger is only sums.
     */
    public CostLedger() {
    }

    /**
     * Records a cost in the metrics: {@code gen_ai.client.token.usage} by token type and model, and
     * {@code workflow.cost} by currency, both by the primitive that recorded it. Never throws.
     *
     * @param primitiveName the innermost running primitive, or null outside any
     * @param cost the cost
     */
    public static void recordMetrics(String primitiveName, Cost cost) {
        recordMetrics(primitiveName, null, cost);
    }

    /**
     * Records a cost in the metrics, as {@link #recordMetrics(String, Cost)}, with the {@code workflow.name} of the
     * run that spent it. Never throws.
     *
     * @param primitiveName the innermost running primitive, or null outside any
     * @param workflowName the workflow's name, or null for none
     * @param cost the cost
     */
    public static void recordMetrics(String primitiveName, String workflowName, Cost cost) {
        recordMetrics(null, primitiveName, workflowName, cost);
    }

    /**
     * Records a cost in the metrics, as {@link #recordMetrics(String, String, Cost)}, in the instruments of the
     * scope the run carries. Never throws.
     *
     * @param scope the run's telemetry scope; null looks it up on this thread
     * @param primitiveName the innermost running primitive, or null outside any
     * @param workflowName the workflow's name, or null for none
     * @param cost the cost
     */
    public static void recordMetrics(TelemetryScope scope, String primitiveName, String workflowName, Cost cost) {
        try {
            (scope != null ? scope.instruments() : TelemetryRuntime.instruments())
                    .recordCost(primitiveName, workflowName, cost);
        } catch (Throwable failure) {
            TelemetryErrors.report("recording a cost", failure);
        }
    }

    /**
     * Adds one recorded cost.
     *
     * @param cost the cost
     */
    public synchronized void add(Cost cost) {
        used = true;
        inputTokens += cost.inputTokens();
        outputTokens += cost.outputTokens();
        if (cost.amount() != null) {
            amounts().merge(cost.currency().getCurrencyCode(), cost.amount(), BigDecimal::add);
        }
        if (cost.model() != null) {
            addModel(cost.model());
        }
    }

    /**
     * Adds a child's totals.
     *
     * @param summary what the child's subtree cost
     */
    public synchronized void add(CostSummary summary) {
        if (summary.isEmpty()) {
            return;
        }
        used = true;
        inputTokens += summary.inputTokens();
        outputTokens += summary.outputTokens();
        if (!summary.amounts().isEmpty()) {
            summary.amounts().forEach((code, amount) -> amounts().merge(code, amount, BigDecimal::add));
        }
        for (String name : summary.models()) {
            addModel(name);
        }
    }

    private Map<String, BigDecimal> amounts() {
        if (amounts == null) {
            amounts = new HashMap<>(2);
        }
        return amounts;
    }

    private void addModel(String name) {
        if (model == null) {
            model = name;
            return;
        }
        if (model.equals(name)) {
            return;
        }
        for (int i = 0; i < otherModelCount; i++) {
            if (otherModels[i].equals(name)) {
                return;
            }
        }
        if (otherModelCount == MAX_MODELS - 1) {
            return;
        }
        if (otherModels == null) {
            otherModels = new String[2];
        } else if (otherModelCount == otherModels.length) {
            otherModels = Arrays.copyOf(otherModels, Math.min(MAX_MODELS - 1, otherModels.length * 2));
        }
        otherModels[otherModelCount++] = name;
    }

    /**
     * Puts a subtree's cost on its span: token counts, the model when there was exactly one, and the money in each
     * currency as {@code workflow.cost.<currency code in lower case>}.
     *
     * @param span the span
     * @param total the cost
     */
    public static void setAttributes(Span span, CostSummary total) {
        if (!span.isRecording()) {
            return;
        }
        if (total.inputTokens() != 0 || total.outputTokens() != 0) {
            span.setAttribute(TelemetryNames.GEN_AI_INPUT_TOKENS, total.inputTokens());
            span.setAttribute(TelemetryNames.GEN_AI_OUTPUT_TOKENS, total.outputTokens());
        }
        if (total.models().size() == 1) {
            span.setAttribute(TelemetryNames.GEN_AI_REQUEST_MODEL, total.models().iterator().next());
        }
        if (!total.amounts().isEmpty()) {
            total.amounts().forEach((code, amount) -> span.setAttribute(AMOUNT_KEYS.computeIfAbsent(code,
                    c -> AttributeKey.doubleKey(TelemetryNames.COST_ATTRIBUTE_PREFIX + c.toLowerCase(Locale.ROOT))),
                    amount.doubleValue()));
        }
    }

    /**
     * Whether anything was added; a cheap check for the common case of workflows that record no cost.
     *
     * @return true once a cost or a non-empty summary was added
     */
    public boolean isUsed() {
        return used;
    }

    /**
     * The totals so far.
     *
     * @return an immutable summary
     */
    public synchronized CostSummary summary() {
        if (!used) {
            return CostSummary.EMPTY;
        }
        return new CostSummary(inputTokens, outputTokens, amounts == null ? Map.of() : amounts, modelSet());
    }

    /** The models as the summary takes them: a set, copied (and sorted) by the summary. */
    private Set<String> modelSet() {
        if (model == null) {
            return Set.of();
        }
        if (otherModelCount == 0) {
            return Collections.singleton(model);
        }
        String[] all = Arrays.copyOf(otherModels, otherModelCount + 1);
        all[otherModelCount] = model;
        return Set.of(all);
    }
}
