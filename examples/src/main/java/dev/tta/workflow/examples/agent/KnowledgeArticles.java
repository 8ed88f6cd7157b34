package dev.tta.workflow.examples.agent;

import java.util.List;

/**
 * Help-center articles that match the question.
 *
 * @param titles the titles, best match first
 */
public record KnowledgeArticles(List<String> titles) implements ToolOutput {

    /** Copies the list. */
    public KnowledgeArticles {
        titles = List.copyOf(titles);
    }

    @Override
    public String promptText() {
        return "Relevant articles: " + String.join("; ", titles);
    }
}
