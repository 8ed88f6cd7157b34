package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.Backoff;
import dev.tta.workflow.WorkflowTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * The support agent's workflow, composed from the generated {@code Instrumented*} steps and the built-in primitives:
 *
 * <pre>
 * support-agent                      sequence
 * ├─ ValidateRequest                 step: reject what cannot be answered
 * ├─ GatherContext                   step: run the tools, join their findings
 * │  └─ tools                        parallel tool calls
 * │     ├─ customer-cache            cache in front of the CRM
 * │     │  └─ LookupCustomer
 * │     ├─ SearchKnowledgeBase
 * │     └─ FetchOrderHistory
 * ├─ model-router                    router: which model tier answers
 * │  └─ llm.small | llm.large        fallback to a canned reply
 * │     └─ llm.*.retry               retry rate limits and timeouts, with backoff
 * │        └─ llm.*.timeout          bound each call
 * │           └─ chat                step: the LLM call, which records tokens and cost
 * └─ deliver                         saga
 *    ├─ OpenTicket                   compensated by CloseTicket
 *    └─ SendReply                    the side effect that sometimes fails
 * </pre>
 *
 * <p>The parts are public so that a workflow split across processes can put them on either side of a network hop
 * (see {@code dev.tta.workflow.examples.distributed}).
 */
public final class SupportAgent {

    /** The workflow's name in {@link WorkflowContext#start(String)}, spans and logs. */
    public static final String WORKFLOW = "support-agent";

    /** How long one model call may take before it is abandoned and retried. */
    public static final Duration MODEL_TIMEOUT = Duration.ofMillis(500);

    /** Questions longer than this many words go to the large model. */
    public static final int LONG_QUESTION_WORDS = 25;

    private SupportAgent() {
    }

    /**
     * The whole workflow.
     *
     * @param backends the systems the steps call
     * @return the workflow, reusable and safe to share between threads
     */
    public static WorkflowPrimitive<SupportRequest, AgentReply> create(Backends backends) {
        return understand(backends).then(answer(backends)).then(deliver(backends)).named(WORKFLOW);
    }

    /**
     * A fresh context for one request: the request id becomes the correlation id, which every span, log line and
     * downstream process carries.
     *
     * @param request the request
     * @return the root context
     */
    public static WorkflowContext contextFor(SupportRequest request) {
        return WorkflowContext.start(WORKFLOW).withCorrelationId(request.id());
    }

    /**
     * Validation and the parallel tool calls, with the profile cache.
     *
     * @param backends the systems the steps call
     * @return the first part of the workflow
     */
    public static WorkflowPrimitive<SupportRequest, AgentTask> understand(Backends backends) {
        return new InstrumentedValidateRequest().then(new InstrumentedGatherContext(tools(backends)));
    }

    /**
     * The tool calls, in parallel: the CRM behind a cache, the help center and the order history.
     *
     * @param backends the systems the tools call
     * @return the parallel block, its outputs in that order
     */
    public static WorkflowPrimitive<SupportRequest, List<ToolOutput>> tools(Backends backends) {
        var profiles = Workflows.cache(new InstrumentedLookupCustomer(backends), SupportRequest::customerId)
                .maximumSize(10_000)
                .ttl(Duration.ofMinutes(10))
                .named("customer-cache")
                .build();
        return Workflows.<SupportRequest, ToolOutput>parallel(profiles,
                new InstrumentedSearchKnowledgeBase(backends),
                new InstrumentedFetchOrderHistory(backends))
                .named("tools");
    }

    /**
     * The model tier chosen by a router, each tier an LLM call bounded by a timeout, retried on rate limits and
     * timeouts with exponential backoff, and falling back to a canned reply.
     *
     * @param backends the systems the steps call
     * @return the answering part of the workflow
     */
    public static WorkflowPrimitive<AgentTask, Draft> answer(Backends backends) {
        return Workflows.router((AgentTask task) -> tier(task))
                .route("small", resilientCall(backends, "llm.small", ChatModel.SMALL))
                .route("large", resilientCall(backends, "llm.large", ChatModel.LARGE))
                .named("model-router")
                .build();
    }

    /**
     * Records the answer in a ticket, then sends it; if sending fails, the ticket is closed again.
     *
     * @param backends the systems the steps call
     * @return the delivering part of the workflow
     */
    public static WorkflowPrimitive<Draft, AgentReply> deliver(Backends backends) {
        return Workflows.saga(new InstrumentedOpenTicket(backends), new InstrumentedCloseTicket(backends))
                .then(new InstrumentedSendReply(backends))
                .named("deliver")
                .build();
    }

    /**
     * The routing decision: enterprise customers and long questions get the large model.
     *
     * @param task the task
     * @return {@code large} or {@code small}
     */
    public static String tier(AgentTask task) {
        return task.profile().premium() || task.questionWords() > LONG_QUESTION_WORDS ? "large" : "small";
    }

    /**
     * Whether a failed model call is worth another attempt.
     *
     * @param failure what the call threw
     * @return true for rate limits and timeouts; a refused prompt would be refused again
     */
    public static boolean isTransient(Exception failure) {
        return failure instanceof RateLimitedException || failure instanceof WorkflowTimeoutException;
    }

    private static WorkflowPrimitive<AgentTask, Draft> resilientCall(Backends backends, String name,
            ChatModel model) {
        var bounded = Workflows.timeout(new InstrumentedCallModel(backends, model), MODEL_TIMEOUT)
                .named(name + ".timeout");
        var retried = Workflows.retry(bounded)
                .maxAttempts(3)
                .backoff(Backoff.exponential(Duration.ofMillis(40), 2.0, Duration.ofMillis(400)).withJitter(0.2))
                .retryOn(SupportAgent::isTransient)
                .named(name + ".retry")
                .build();
        return Workflows.fallback(retried, new InstrumentedCannedReply()).named(name);
    }
}
