package dev.tta.workflow.cost;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * What one operation cost: LLM tokens (with the model that used them), money, or both. Record it from any step with
 * {@link dev.tta.workflow.context.WorkflowContext#recordCost(Cost)}; it rolls up to every enclosing primitive's span and to the run's total.
 *
 * <pre>{@code
 * context.recordCost(Cost.tokens("gpt-4o-mini", usage.promptTokens(), usage.completionTokens())
 *         .withMoney(new BigDecimal("0.00042"), "USD"));
 * }</pre>
 *
 * @param model the model that used the tokens, or null for a cost without a model
 * @param inputTokens input (prompt) tokens, at least 0
 * @param outputTokens output (completion) tokens, at least 0
 * @param amount money spent, at least 0, or null for a cost without money
 * @param currency the currency of {@code amount}; null exactly when {@code amount} is
 */
public record Cost(String model, long inputTokens, long outputTokens, BigDecimal amount, Currency currency) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a count or the amount is negative, the model is blank, or exactly one of
     *     amount and currency is null
     *
     * @param model see {@link #model()}
     * @param inputTokens see {@link #inputTokens()}
     * @param outputTokens see {@link #outputTokens()}
     * @param amount see {@link #amount()}
     * @param currency see {@link #currency()}
     */
    public Cost {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0, were " + inputTokens + " input and "
                    + outputTokens + " output");
        }
        if (model != null && model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank; pass null for a cost without a model");
        }
        if ((amount == null) != (currency == null)) {
            throw new IllegalArgumentException("amount and currency go together: both or neither");
        }
        if (amount != null && amount.signum() < 0) {
            throw new IllegalArgumentException("amount must be >= 0, was " + amount);
        }
    }

    /**
     * Tokens used by a model.
     *
     * @param model the model, e.g. {@code "gpt-4o-mini"}
     * @param inputTokens input tokens
     * @param outputTokens output tokens
     * @return the cost
     * @throws IllegalArgumentException if the model is null or blank or a count is negative
     */
    public static Cost tokens(String model, long inputTokens, long outputTokens) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        return new Cost(model, inputTokens, outputTokens, null, null);
    }

    /**
     * Money spent, without tokens (a paid API call, for example).
     *
     * @param amount the amount
     * @param currencyCode an ISO 4217 code such as {@code "USD"}
     * @return the cost
     * @throws IllegalArgumentException if the amount is null or negative or the code is not a currency
     */
    public static Cost money(BigDecimal amount, String currencyCode) {
        return new Cost(null, 0, 0, requireAmount(amount), currency(currencyCode));
    }

    /**
     * This cost with money added, for example the price of the tokens.
     *
     * @param amount the amount
     * @param currencyCode an ISO 4217 code such as {@code "USD"}
     * @return a new cost
     * @throws IllegalArgumentException if the amount is null or negative or the code is not a currency
     */
    public Cost withMoney(BigDecimal amount, String currencyCode) {
        return new Cost(model, inputTokens, outputTokens, requireAmount(amount), currency(currencyCode));
    }

    private static BigDecimal requireAmount(BigDecimal amount) {
        if (amount == null) {
            throw new IllegalArgumentException("amount must not be null");
        }
        return amount;
    }

    private static Currency currency(String code) {
        Objects.requireNonNull(code, "currency code must not be null");
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("'" + code + "' is not an ISO 4217 currency code", unknown);
        }
    }
}
