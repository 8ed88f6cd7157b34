package dev.tta.workflow.benchmarks;

import dev.tta.workflow.annotations.AvailabilitySlo;
import dev.tta.workflow.annotations.LatencySlo;
import dev.tta.workflow.annotations.Observed;

/**
 * {@link CpuStep} declaring a latency and an availability objective: what counting good and bad events per call
 * adds to a step.
 */
@Observed
@LatencySlo(target = 0.99, thresholdMillis = 300)
@AvailabilitySlo(target = 0.999)
public class SloCpuStep extends CpuStep {

    /**
     * A step whose body burns {@code tokens} JMH tokens.
     *
     * @param tokens the size of the body, see {@link Body}
     */
    public SloCpuStep(long tokens) {
        super(tokens);
    }
}
