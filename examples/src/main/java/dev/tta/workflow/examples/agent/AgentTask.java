package dev.tta.workflow.examples.agent;

import java.util.Objects;

/**
 * A validated request with everything the tools found: what the model is asked to answer.
 *
 * @param request the customer's request
 * @param profile the customer
 * @param articles matching help-center articles
 * @param orders the customer's recent orders
 */
public record AgentTask(SupportRequest request, CustomerProfile profile, KnowledgeArticles articles,
        OrderHistory orders) {

    /** Checks that nothing is missing. */
    public AgentTask {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(articles, "articles");
        Objects.requireNonNull(orders, "orders");
    }

    /**
     * The prompt sent to the model.
     *
     * @return the system instructions, the tools' findings and the question
     */
    public String prompt() {
        return "You are a concise, friendly support agent.\n" + profile.promptText() + "\n" + articles.promptText()
                + "\n" + orders.promptText() + "\nQuestion: " + request.message();
    }

    /**
     * The number of words in the question, which the router uses to pick a model tier.
     *
     * @return the word count
     */
    public int questionWords() {
        String message = request.message().strip();
        return message.isEmpty() ? 0 : message.split("\\s+").length;
    }
}
