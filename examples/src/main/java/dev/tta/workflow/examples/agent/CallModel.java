package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.AvailabilitySlo;
import dev.tta.workflow.annotations.LatencySlo;
import dev.tta.workflow.annotations.Observed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM call: asks a chat model to answer the task and records the tokens and the price as the call's cost, which
 * rolls up to the router, the request and the run.
 *
 * <p>Its objectives are those of a bad but ordinary day at the model provider: 95% of answers within 150 ms, 90% of
 * calls answered (rate limits, hangs and refusals make the rest; the retry and the fallback hide most of them from the
 * customer). The build turns them into alert rules and a dashboard under {@code target/ops}.
 */
@Observed(name = "chat", workflow = SupportAgent.WORKFLOW)
@LatencySlo(target = 0.95, thresholdMillis = 150)
@AvailabilitySlo(target = 0.9)
public class CallModel extends WorkflowPrimitive<AgentTask, Draft> {

    private static final Logger LOG = LoggerFactory.getLogger(CallModel.class);

    private final Backends backends;
    private final ChatModel model;

    /**
     * @param backends where the model provider is
     * @param model the model to ask
     */
    public CallModel(Backends backends, ChatModel model) {
        this.backends = backends;
        this.model = model;
    }

    @Override
    public Draft execute(AgentTask task, WorkflowContext context) throws Exception {
        Backends.Completion completion = backends.complete(model, task.prompt());
        context.recordCost(model.cost(completion.inputTokens(), completion.outputTokens()));
        LOG.info("{} answered request {} with {} output tokens", model.name(), task.request().id(),
                completion.outputTokens());
        return new Draft(task.request(), completion.text(), model.name());
    }
}
