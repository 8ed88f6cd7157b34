package dev.tta.workflow.examples.agent;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;
import java.util.List;

/** A code change under study: the context now leaves the help-center articles out of the task. */
@Observed(name = "GatherContext", workflow = SupportAgent.WORKFLOW)
public class ForgetfulGatherContext extends GatherContext {

    /** @param tools the tool calls */
    public ForgetfulGatherContext(
            WorkflowPrimitive<? super SupportRequest, ? extends List<? extends ToolOutput>> tools) {
        super(tools);
    }

    @Override
    public AgentTask execute(SupportRequest request, WorkflowContext context) throws Exception {
        AgentTask task = super.execute(request, context);
        return new AgentTask(task.request(), task.profile(), new KnowledgeArticles(List.of()), task.orders());
    }
}
