package dev.tta.workflow.examples.distributed;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.examples.CommandLine;
import dev.tta.workflow.examples.agent.AgentReply;
import dev.tta.workflow.examples.agent.Backends;
import dev.tta.workflow.examples.agent.SupportAgent;
import dev.tta.workflow.examples.agent.SupportRequest;
import dev.tta.workflow.examples.agent.SupportTraffic;
import dev.tta.workflow.examples.telemetry.DemoTelemetry;
import dev.tta.workflow.telemetry.TelemetryNames;
import java.net.URI;
import java.util.Set;

/**
 * The gateway: runs the first part of the support agent (validation, the parallel tool calls, the profile cache),
 * asks a {@link ModelWorker} in another process for the answer, then delivers it with the saga. One trace per
 * request spans both processes.
 *
 * <pre>
 * SupportGateway --worker=http://127.0.0.1:PORT/answer [--requests=N] [--seed=N]
 * </pre>
 *
 * <p>Prints one line per request: {@code request req-0001 trace <trace id> workflow <workflow id> ok <model>} (or
 * {@code failed <exception>}), then flushes its telemetry and exits. Telemetry is configured by the standard
 * {@code OTEL_*} variables; the service name defaults to {@value #SERVICE_NAME}.
 */
public final class SupportGateway {

    /** The service name of the gateway's spans unless {@code OTEL_SERVICE_NAME} says otherwise. */
    public static final String SERVICE_NAME = "support-agent-gateway";

    static final String USAGE = "usage: SupportGateway --worker=URL [--requests=N] [--seed=N]";

    private SupportGateway() {
    }

    /**
     * The workflow of the gateway: the model stage is a remote call.
     *
     * @param backends the systems the local steps call
     * @param worker the worker's answer endpoint
     * @return the workflow
     */
    public static WorkflowPrimitive<SupportRequest, AgentReply> workflow(Backends backends, URI worker) {
        return SupportAgent.understand(backends)
                .then(new InstrumentedAskModelWorker(worker))
                .then(SupportAgent.deliver(backends))
                .named(SupportAgent.WORKFLOW);
    }

    /**
     * Sends the requests, then exits.
     *
     * @param args {@code --worker=URL [--requests=N] [--seed=N]}
     * @throws Exception if the gateway cannot start
     */
    public static void main(String[] args) throws Exception {
        CommandLine line;
        URI worker;
        try {
            line = CommandLine.parse(USAGE, Set.of("worker", "requests", "seed"), args);
            String endpoint = line.option("worker", null);
            if (endpoint == null) {
                throw new IllegalArgumentException("--worker is required; " + USAGE);
            }
            worker = URI.create(endpoint);
        } catch (IllegalArgumentException bad) {
            System.err.println(bad.getMessage());
            System.exit(2);
            return;
        }
        long seed = line.number("seed", 42);
        long requests = line.number("requests", 5);
        try (DemoTelemetry telemetry = DemoTelemetry.start(SERVICE_NAME, null)) {
            WorkflowPrimitive<SupportRequest, AgentReply> gateway = workflow(Backends.simulated(seed), worker);
            SupportTraffic traffic = new SupportTraffic(seed);
            for (long i = 0; i < requests; i++) {
                SupportRequest request = traffic.next();
                WorkflowContext context = SupportAgent.contextFor(request);
                String outcome;
                try {
                    outcome = "ok " + gateway.execute(request, context).model();
                } catch (InterruptedException interrupted) {
                    throw interrupted;
                } catch (Exception failure) {
                    outcome = "failed " + failure;
                }
                // The root span ended inside execute; a sampler may have dropped it (OTEL_TRACES_SAMPLER).
                String trace = telemetry.traces().newestTrace(root -> request.id().equals(
                        root.getAttributes().get(TelemetryNames.CORRELATION_ID))).orElse("(not sampled)");
                System.out.println("request " + request.id() + " trace " + trace + " workflow "
                        + context.workflowId() + " " + outcome);
            }
            telemetry.describe().forEach(description -> System.out.println("  " + description));
        }
        System.out.println("gateway done");
    }
}
