package dev.tta.workflow.examples.agent;

import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;
import java.util.Locale;

/** A code change under study: validation now upper-cases the message. Same step name, so the same path. */
@Observed(name = "ValidateRequest", workflow = SupportAgent.WORKFLOW)
public class ShoutingValidateRequest extends ValidateRequest {

    @Override
    public SupportRequest execute(SupportRequest request, WorkflowContext context) throws InvalidRequestException {
        SupportRequest valid = super.execute(request, context);
        return new SupportRequest(valid.id(), valid.customerId(), valid.channel(),
                valid.message().toUpperCase(Locale.ROOT));
    }
}
