package dev.tta.workflow.benchmarks;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The step's body in a plain class, traced the OpenTelemetry Java agent's way: {@link WithSpan} on the method,
 * which the agent instruments when the class loads. Without the agent the annotation does nothing.
 */
public class AgentTarget {

    private final long tokens;

    /**
     * A target whose body burns {@code tokens} JMH tokens.
     *
     * @param tokens the size of the body, see {@link Body}
     */
    public AgentTarget(long tokens) {
        this.tokens = tokens;
    }

    /**
     * The body in a span of the agent.
     *
     * @param input the input
     * @return the input
     */
    @WithSpan("CpuStep")
    public Long traced(Long input) {
        Blackhole.consumeCPU(tokens);
        return input;
    }

    /**
     * The same body without the annotation: the agent leaves it alone.
     *
     * @param input the input
     * @return the input
     */
    public Long plain(Long input) {
        Blackhole.consumeCPU(tokens);
        return input;
    }

    /**
     * What a {@link WithSpan} method sees as its span: proves the agent is attached and which parent it used.
     *
     * @return the span context current inside the method
     */
    @WithSpan("probe")
    public SpanContext probe() {
        return Span.current().getSpanContext();
    }
}
