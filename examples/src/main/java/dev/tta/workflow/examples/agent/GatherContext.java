package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import java.util.List;

/**
 * Runs the tool calls and joins what they found with the request. The tools are a composite (a parallel block) that
 * only sees the request; this step keeps the request and turns the list of outputs into a typed task.
 */
@Observed(workflow = SupportAgent.WORKFLOW)
public class GatherContext extends WorkflowPrimitive<SupportRequest, AgentTask> {

    private final WorkflowPrimitive<? super SupportRequest, ? extends List<? extends ToolOutput>> tools;

    /**
     * @param tools the tool calls; each output type must appear once
     */
    public GatherContext(WorkflowPrimitive<? super SupportRequest, ? extends List<? extends ToolOutput>> tools) {
        this.tools = tools;
    }

    @Override
    public AgentTask execute(SupportRequest request, WorkflowContext context) throws Exception {
        CustomerProfile profile = null;
        KnowledgeArticles articles = null;
        OrderHistory orders = null;
        for (ToolOutput output : tools.execute(request, context)) {
            if (output instanceof CustomerProfile found) {
                profile = found;
            } else if (output instanceof KnowledgeArticles found) {
                articles = found;
            } else if (output instanceof OrderHistory found) {
                orders = found;
            }
        }
        if (profile == null || articles == null || orders == null) {
            throw new IllegalStateException("the tools must return a profile, articles and orders; got profile="
                    + profile + ", articles=" + articles + ", orders=" + orders);
        }
        return new AgentTask(request, profile, articles, orders);
    }
}
