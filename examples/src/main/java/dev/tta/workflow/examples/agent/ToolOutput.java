package dev.tta.workflow.examples.agent;

/** What one tool call contributes to the prompt. The tools run in parallel, so they share this output type. */
public sealed interface ToolOutput permits CustomerProfile, KnowledgeArticles, OrderHistory {

    /**
     * The tool's findings as prompt text.
     *
     * @return one or more lines
     */
    String promptText();
}
