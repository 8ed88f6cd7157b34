package dev.tta.workflow.examples.agent;

import dev.tta.workflow.cost.Cost;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A hosted language model: its name and its price list.
 *
 * @param name the model's name in requests and telemetry
 * @param inputPricePerMillion USD per million input tokens
 * @param outputPricePerMillion USD per million output tokens
 */
public record ChatModel(String name, BigDecimal inputPricePerMillion, BigDecimal outputPricePerMillion) {

    /** The cheap, fast tier. */
    public static final ChatModel SMALL = new ChatModel("chat-mini", new BigDecimal("0.15"), new BigDecimal("0.60"));

    /** The capable, expensive tier. */
    public static final ChatModel LARGE = new ChatModel("chat-pro", new BigDecimal("2.50"), new BigDecimal("10.00"));

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /**
     * What a call cost, as the provider bills it.
     *
     * @param inputTokens prompt tokens
     * @param outputTokens completion tokens
     * @return tokens and USD
     */
    public Cost cost(long inputTokens, long outputTokens) {
        BigDecimal usd = inputPricePerMillion.multiply(BigDecimal.valueOf(inputTokens))
                .add(outputPricePerMillion.multiply(BigDecimal.valueOf(outputTokens)))
                .divide(MILLION, 8, RoundingMode.HALF_UP);
        return Cost.tokens(name, inputTokens, outputTokens).withMoney(usd, "USD");
    }
}
