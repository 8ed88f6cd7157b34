package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** A tool call: searches the help center for articles about the question. */
@Observed(workflow = SupportAgent.WORKFLOW)
public class SearchKnowledgeBase extends WorkflowPrimitive<SupportRequest, KnowledgeArticles> {

    private final Backends backends;

    /**
     * @param backends where the help center is
     */
    public SearchKnowledgeBase(Backends backends) {
        this.backends = backends;
    }

    @Override
    public KnowledgeArticles execute(SupportRequest request, WorkflowContext context) throws InterruptedException {
        return new KnowledgeArticles(backends.searchArticles(request.message()));
    }
}
