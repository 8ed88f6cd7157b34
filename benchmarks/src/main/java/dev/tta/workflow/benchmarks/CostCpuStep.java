package dev.tta.workflow.benchmarks;

import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;

/** {@link CpuStep} recording the tokens of a model call on every execution, as an LLM step does. */
@Observed
public class CostCpuStep extends CpuStep {

    private static final Cost CALL = Cost.tokens("gpt-4o-mini", 120, 40);

    /**
     * A step whose body burns {@code tokens} JMH tokens.
     *
     * @param tokens the size of the body, see {@link Body}
     */
    public CostCpuStep(long tokens) {
        super(tokens);
    }

    @Override
    public Long execute(Long input, WorkflowContext context) {
        context.recordCost(CALL);
        return super.execute(input, context);
    }
}
