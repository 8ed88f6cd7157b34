package dev.tta.workflow.it;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.AvailabilitySlo;
import dev.tta.workflow.annotations.LatencySlo;
import dev.tta.workflow.annotations.Observed;

/**
 * A step with service level objectives: 90 % of successful answers within 500 ms, 99 % of answers successful. Its
 * input says how the call goes: {@code "ok"}, {@code "slow"} (600 ms) or {@code "fail"}.
 */
@Observed(name = "it.slo.answer", workflow = "it-support")
@LatencySlo(target = 0.9, thresholdMillis = 500)
@AvailabilitySlo(target = 0.99)
public class AnswerQuestion extends WorkflowPrimitive<String, String> {

    @Override
    public String execute(String mode, WorkflowContext context) throws Exception {
        switch (mode) {
            case "slow" -> Thread.sleep(600);
            case "fail" -> throw new IllegalStateException("model unavailable");
            default -> {
                // a quick answer
            }
        }
        return "answer";
    }
}
