package dev.tta.workflow.examples.agent;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;

/** Rejects requests the agent cannot answer (no signed-in customer, an empty or oversized message) and trims them. */
@Observed(workflow = SupportAgent.WORKFLOW)
public class ValidateRequest extends WorkflowPrimitive<SupportRequest, SupportRequest> {

    /** The longest message accepted, in characters. */
    public static final int MAX_MESSAGE_LENGTH = 2_000;

    /** Creates the step. */
    public ValidateRequest() {
    }

    @Override
    public SupportRequest execute(SupportRequest request, WorkflowContext context) throws InvalidRequestException {
        if (request.customerId() == null || !request.customerId().matches("cus-\\d+")) {
            throw new InvalidRequestException("request " + request.id() + " has no signed-in customer (customer id '"
                    + request.customerId() + "'): ask the user to sign in");
        }
        String message = request.message() == null ? "" : request.message().strip();
        if (message.isEmpty()) {
            throw new InvalidRequestException("request " + request.id() + " has an empty message");
        }
        if (message.length() > MAX_MESSAGE_LENGTH) {
            throw new InvalidRequestException("request " + request.id() + " has " + message.length()
                    + " characters; at most " + MAX_MESSAGE_LENGTH + " are accepted");
        }
        return new SupportRequest(request.id(), request.customerId(), request.channel(), message);
    }
}
