package dev.tta.workflow.ops.sample;

import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.AvailabilitySlo;
import dev.tta.workflow.annotations.LatencySlo;
import dev.tta.workflow.annotations.Observed;
import java.math.BigDecimal;

/**
 * Asks a (simulated) language model: takes the injected latency, fails when told to, and records its cost. Its
 * objectives: 99.9% of calls succeed, and 99% of successful calls answer within 250 ms.
 */
@Observed(workflow = "support-agent")
@AvailabilitySlo(target = 0.999)
@LatencySlo(target = 0.99, thresholdMillis = 250)
public class CallModel extends WorkflowPrimitive<SupportRequest, SupportRequest> {

    /** Money each call costs, in USD. */
    public static final BigDecimal PRICE = new BigDecimal("0.002");

    /** A model call. */
    public CallModel() {
    }

    @Override
    public SupportRequest execute(SupportRequest request, WorkflowContext context) throws Exception {
        Thread.sleep(request.modelLatencyMillis());
        context.recordCost(Cost.money(PRICE, "USD"));
        if (request.modelFails()) {
            throw new IllegalStateException("the model refused to answer");
        }
        return request;
    }
}
