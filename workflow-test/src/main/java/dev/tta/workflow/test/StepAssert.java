package dev.tta.workflow.test;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import java.util.Locale;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one step (one span) of a trace, in workflow terms: outcome, attributes, retry attempts, the route a
 * router took, cost. Reached from {@link TraceAssert#step(String)}.
 */
public final class StepAssert extends AbstractAssert<StepAssert, SpanNode> {

    private final TraceAssert trace;

    StepAssert(SpanNode actual, TraceAssert trace) {
        super(actual, StepAssert.class);
        this.trace = trace;
    }

    /**
     * Back to the trace, to assert on another step.
     *
     * @return the trace's assertions; null when these were made on a span directly
     *     ({@link WorkflowAssertions#assertThat(SpanNode)})
     */
    public TraceAssert and() {
        return trace;
    }

    /**
     * The step ended without error.
     *
     * @return this
     */
    public StepAssert succeeded() {
        isNotNull();
        if (actual.failed()) {
            failWithMessage("expected '%s' to succeed, but it failed with %s", actual.name(),
                    actual.attribute(TelemetryNames.ERROR_TYPE));
        }
        return this;
    }

    /**
     * The step's span has status ERROR.
     *
     * @return this
     */
    public StepAssert failed() {
        isNotNull();
        if (!actual.failed()) {
            failWithMessage("expected '%s' to fail, but it succeeded", actual.name());
        }
        return this;
    }

    /**
     * The step failed with this exception type ({@code error.type}).
     *
     * @param type the exception class
     * @return this
     */
    public StepAssert failedWith(Class<? extends Throwable> type) {
        failed();
        String recorded = actual.attribute(TelemetryNames.ERROR_TYPE);
        if (!type.getName().equals(recorded)) {
            failWithMessage("expected '%s' to fail with %s, but error.type was %s", actual.name(), type.getName(),
                    recorded);
        }
        return this;
    }

    /**
     * The step's {@code workflow.primitive.type}.
     *
     * @param type e.g. {@code "retry"}
     * @return this
     */
    public StepAssert hasType(String type) {
        isNotNull();
        if (!Objects.equals(type, actual.type())) {
            failWithMessage("expected '%s' to be of type %s, but it is %s", actual.name(), type, actual.type());
        }
        return this;
    }

    /**
     * An attribute, by its key's name, compared as text ({@code hasAttribute("route", "fast")},
     * {@code hasAttribute("workflow.step.index", 2)}).
     *
     * @param key the key's name
     * @param value the expected value
     * @return this
     */
    public StepAssert hasAttribute(String key, Object value) {
        isNotNull();
        Object recorded = actual.attribute(key);
        if (recorded == null || !String.valueOf(recorded).equals(String.valueOf(value))) {
            failWithMessage("expected '%s' to have %s=%s, but it had %s; its attributes: %s", actual.name(), key,
                    value, recorded == null ? "none" : recorded, actual.span().getAttributes());
        }
        return this;
    }

    /**
     * An attribute, by its typed key.
     *
     * @param key the key, e.g. {@link TelemetryNames#CACHE_RESULT}
     * @param value the expected value
     * @param <T> the value type
     * @return this
     */
    public <T> StepAssert hasAttribute(AttributeKey<T> key, T value) {
        isNotNull();
        T recorded = actual.attribute(key);
        if (!Objects.equals(value, recorded)) {
            failWithMessage("expected '%s' to have %s=%s, but it had %s", actual.name(), key, value, recorded);
        }
        return this;
    }

    /**
     * A retry made this many attempts: the first, and one for each {@value TelemetryNames#RETRY_SCHEDULED_EVENT}
     * event on its span. It holds whether the retried step has a span of its own or not. A span that is not a
     * retry's made none.
     *
     * @param attempts the expected number of attempts
     * @return this
     */
    public StepAssert hasAttempts(int attempts) {
        isNotNull();
        boolean retry = TelemetryNames.TYPE_RETRY.equals(actual.type());
        long made = !retry ? 0 : 1 + actual.span().getEvents().stream()
                .filter(event -> event.getName().equals(TelemetryNames.RETRY_SCHEDULED_EVENT)).count();
        if (made != attempts) {
            failWithMessage("expected '%s' to make %s attempts, but it made %s%s", actual.name(), attempts, made,
                    retry ? "" : " (it is not a retry but a " + actual.type() + ")");
        }
        return this;
    }

    /**
     * A router took this route ({@code route} attribute).
     *
     * @param route the route's name
     * @return this
     */
    public StepAssert tookRoute(String route) {
        isNotNull();
        String taken = actual.attribute(TelemetryNames.ROUTE);
        if (!Objects.equals(route, taken)) {
            failWithMessage("expected '%s' to take route %s, but it took %s", actual.name(), route, taken);
        }
        return this;
    }

    /**
     * The step, with everything it ran, used these tokens ({@code gen_ai.usage.*} attributes).
     *
     * @param input input tokens
     * @param output output tokens
     * @return this
     */
    public StepAssert hasTokens(long input, long output) {
        isNotNull();
        Long in = actual.attribute(TelemetryNames.GEN_AI_INPUT_TOKENS);
        Long out = actual.attribute(TelemetryNames.GEN_AI_OUTPUT_TOKENS);
        if (in == null || out == null || in != input || out != output) {
            failWithMessage("expected '%s' to use %s+%s tokens, but it recorded %s+%s", actual.name(), input, output,
                    in, out);
        }
        return this;
    }

    /**
     * The step, with everything it ran, cost this much in this currency ({@code workflow.cost.<currency>}).
     *
     * @param currency the ISO 4217 code, e.g. {@code "USD"}
     * @param amount the expected amount, compared to within a millionth
     * @return this
     */
    public StepAssert hasCost(String currency, double amount) {
        isNotNull();
        Double recorded = actual.attribute(AttributeKey.doubleKey(
                TelemetryNames.COST_ATTRIBUTE_PREFIX + currency.toLowerCase(Locale.ROOT)));
        if (recorded == null || Math.abs(recorded - amount) > 1e-6) {
            failWithMessage("expected '%s' to cost %s %s, but it recorded %s", actual.name(), amount, currency,
                    recorded);
        }
        return this;
    }

    /**
     * The step's span is a child of a span with this name.
     *
     * @param name the parent's name
     * @return this
     */
    public StepAssert hasParent(String name) {
        isNotNull();
        String parent = actual.parent() == null ? null : actual.parent().name();
        if (!Objects.equals(name, parent)) {
            failWithMessage("expected '%s' to run under '%s', but its parent is %s", actual.name(), name, parent);
        }
        return this;
    }

    /**
     * The step's span has an event with this name, e.g. {@value TelemetryNames#RETRY_SCHEDULED_EVENT}.
     *
     * @param name the event name
     * @return this
     */
    public StepAssert hasEvent(String name) {
        isNotNull();
        if (actual.span().getEvents().stream().noneMatch(event -> event.getName().equals(name))) {
            failWithMessage("expected '%s' to have an event %s, but it had %s", actual.name(), name,
                    actual.span().getEvents());
        }
        return this;
    }
}
