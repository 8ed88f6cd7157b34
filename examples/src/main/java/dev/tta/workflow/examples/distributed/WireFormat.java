package dev.tta.workflow.examples.distributed;

import dev.tta.workflow.examples.agent.AgentTask;
import dev.tta.workflow.examples.agent.CustomerProfile;
import dev.tta.workflow.examples.agent.KnowledgeArticles;
import dev.tta.workflow.examples.agent.OrderHistory;
import dev.tta.workflow.examples.agent.SupportRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The bodies the gateway and the model worker exchange, as HTML form encoding ({@code a=1&b=2}): what any HTTP
 * stack reads, with no JSON library needed for a demo. The trace context does not travel here but in the W3C headers.
 */
public final class WireFormat {

    /** The media type of both bodies. */
    public static final String MEDIA_TYPE = "application/x-www-form-urlencoded";

    private static final String LIST_SEPARATOR = "\n";

    private WireFormat() {
    }

    /**
     * The model worker's request body.
     *
     * @param task what to answer
     * @return the form
     */
    public static String encode(AgentTask task) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("id", task.request().id());
        form.put("customer", task.request().customerId());
        form.put("channel", task.request().channel());
        form.put("message", task.request().message());
        form.put("name", task.profile().name());
        form.put("plan", task.profile().plan());
        form.put("articles", String.join(LIST_SEPARATOR, task.articles().titles()));
        form.put("orders", String.join(LIST_SEPARATOR, task.orders().orders()));
        return encode(form);
    }

    /**
     * Reads the model worker's request body.
     *
     * @param body the form
     * @return the task
     * @throws IllegalArgumentException if a field is missing
     */
    public static AgentTask decodeTask(String body) {
        Map<String, String> form = decode(body);
        SupportRequest request = new SupportRequest(required(form, "id"), required(form, "customer"),
                required(form, "channel"), required(form, "message"));
        return new AgentTask(request,
                new CustomerProfile(request.customerId(), required(form, "name"), required(form, "plan")),
                new KnowledgeArticles(list(required(form, "articles"))),
                new OrderHistory(list(required(form, "orders"))));
    }

    /**
     * Writes a form.
     *
     * @param form names and values
     * @return {@code name=value&...}, both URL-encoded
     */
    public static String encode(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    /**
     * Reads a form.
     *
     * @param body {@code name=value&...}
     * @return names and values, in order
     */
    public static Map<String, String> decode(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            form.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return form;
    }

    /**
     * A field that must be there.
     *
     * @param form the form
     * @param name the field
     * @return its value
     * @throws IllegalArgumentException if it is missing
     */
    public static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the form has no '" + name + "' field; fields: " + form.keySet());
        }
        return value;
    }

    private static List<String> list(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(LIST_SEPARATOR));
    }
}
