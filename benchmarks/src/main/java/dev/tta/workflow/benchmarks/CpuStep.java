package dev.tta.workflow.benchmarks;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The step every benchmark measures: a CPU-bound body of a fixed number of JMH tokens ({@link Blackhole#consumeCPU}),
 * which the JIT cannot remove or hoist. It returns its input, so the step itself allocates nothing.
 *
 * <p>{@code @Observed} makes the processor write {@code InstrumentedCpuStep} next to it, exactly as in a user's
 * build; the benchmarks call the generated class, not a copy of it.
 */
@Observed
public class CpuStep extends WorkflowPrimitive<Long, Long> {

    private final long tokens;

    /**
     * A step whose body burns {@code tokens} JMH tokens.
     *
     * @param tokens the size of the body, see {@link Body}
     */
    public CpuStep(long tokens) {
        this.tokens = tokens;
    }

    @Override
    public Long execute(Long input, WorkflowContext context) {
        Blackhole.consumeCPU(tokens);
        return input;
    }
}
