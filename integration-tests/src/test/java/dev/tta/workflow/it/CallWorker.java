package dev.tta.workflow.it;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** Calls a worker over HTTP, propagating the workflow context in W3C headers. */
@Observed
public class CallWorker extends WorkflowPrimitive<String, String> {

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI worker;

    /**
     * @param worker the worker's endpoint
     */
    public CallWorker(URI worker) {
        this.worker = worker;
    }

    @Override
    public String execute(String input, WorkflowContext context) throws Exception {
        Map<String, String> headers = new HashMap<>();
        context.inject(headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(worker).POST(HttpRequest.BodyPublishers.ofString(input));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("worker answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
