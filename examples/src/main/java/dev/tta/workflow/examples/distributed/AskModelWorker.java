package dev.tta.workflow.examples.distributed;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.examples.agent.SupportAgent;
import dev.tta.workflow.examples.agent.AgentTask;
import dev.tta.workflow.examples.agent.Draft;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway's side of the hop: sends the task to the model worker over HTTP, with the workflow's context in W3C
 * {@code traceparent} and {@code baggage} headers, so the worker's spans join this trace under this step's span and
 * the workflow id and correlation id arrive with it.
 */
@Observed(workflow = SupportAgent.WORKFLOW)
public class AskModelWorker extends WorkflowPrimitive<AgentTask, Draft> {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;

    /**
     * @param endpoint the worker's answer endpoint, e.g. {@code http://127.0.0.1:8080/answer}
     */
    public AskModelWorker(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Draft execute(AgentTask task, WorkflowContext context) throws Exception {
        Map<String, String> headers = new HashMap<>();
        context.inject(headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", WireFormat.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(WireFormat.encode(task)));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the model worker at " + endpoint + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        Map<String, String> answer = WireFormat.decode(response.body());
        return new Draft(task.request(), WireFormat.required(answer, "text"), WireFormat.required(answer, "model"));
    }
}
