package dev.tta.workflow.cost;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Costs added up: tokens, money by currency, and the models involved. Immutable.
 */
public final class CostSummary {

    /** No cost at all. */
    public static final CostSummary EMPTY = new CostSummary(0, 0, Map.of(), Set.of());

    private final long inputTokens;
    private final long outputTokens;
    private final Map<String, BigDecimal> amounts;
    private final Set<String> models;

    /**
     * A summary.
     *
     * @param inputTokens input tokens
     * @param outputTokens output tokens
     * @param amounts money by ISO 4217 currency code
     * @param models the models that used the tokens
     */
    public CostSummary(long inputTokens, long outputTokens, Map<String, BigDecimal> amounts, Set<String> models) {
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.amounts = sortedCopy(amounts);
        this.models = sortedCopy(models);
    }

    // Nearly every summary has one model or none, and no money or one currency: those need no tree.
    private static Map<String, BigDecimal> sortedCopy(Map<String, BigDecimal> amounts) {
        if (amounts.isEmpty()) {
            return Map.of();
        }
        if (amounts.size() == 1) {
            Map.Entry<String, BigDecimal> only = amounts.entrySet().iterator().next();
            return Collections.singletonMap(Objects.requireNonNull(only.getKey(), "currency code"), only.getValue());
        }
        return Collections.unmodifiableMap(new TreeMap<>(amounts));
    }

    private static Set<String> sortedCopy(Set<String> models) {
        if (models.isEmpty()) {
            return Set.of();
        }
        if (models.size() == 1) {
            return Collections.singleton(Objects.requireNonNull(models.iterator().next(), "model"));
        }
        return Collections.unmodifiableSet(new TreeSet<>(models));
    }

    /**
     * Whether nothing was recorded.
     *
     * @return true for no tokens, no money and no model
     */
    public boolean isEmpty() {
        return inputTokens == 0 && outputTokens == 0 && amounts.isEmpty() && models.isEmpty();
    }

    /**
     * Input tokens.
     *
     * @return the count
     */
    public long inputTokens() {
        return inputTokens;
    }

    /**
     * Output tokens.
     *
     * @return the count
     */
    public long outputTokens() {
        return outputTokens;
    }

    /**
     * Money, by ISO 4217 currency code, in code order.
     *
     * @return an unmodifiable map
     */
    public Map<String, BigDecimal> amounts() {
        return amounts;
    }

    /**
     * Money in one currency.
     *
     * @param currencyCode an ISO 4217 code such as {@code "USD"}
     * @return the amount, zero if none was spent in that currency
     */
    public BigDecimal amount(String currencyCode) {
        return amounts.getOrDefault(currencyCode, BigDecimal.ZERO);
    }

    /**
     * Money in one currency.
     *
     * @param currency the currency
     * @return the amount, zero if none was spent in that currency
     */
    public BigDecimal amount(Currency currency) {
        return amount(currency.getCurrencyCode());
    }

    /**
     * The models that used tokens, in name order.
     *
     * @return an unmodifiable set
     */
    public Set<String> models() {
        return models;
    }

    /**
     * For example {@code 1200 input + 350 output tokens (gpt-4o-mini), 0.0042 USD}.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "no cost";
        }
        StringJoiner parts = new StringJoiner(", ");
        if (inputTokens != 0 || outputTokens != 0) {
            parts.add(inputTokens + " input + " + outputTokens + " output tokens"
                    + (models.isEmpty() ? "" : " (" + String.join(", ", models) + ")"));
        }
        amounts.forEach((code, amount) -> parts.add(amount.toPlainString() + " " + code));
        return parts.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CostSummary that && inputTokens == that.inputTokens
                && outputTokens == that.outputTokens && amounts.equals(that.amounts) && models.equals(that.models);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(inputTokens) * 31 + Long.hashCode(outputTokens) * 17 + amounts.hashCode()
                + models.hashCode();
    }
}
