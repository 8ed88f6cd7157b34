package dev.tta.workflow.ops.sample;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import java.util.Objects;

/**
 * Looks the request's customer up, then passes the request itself on. The lookup is cached by customer: were the
 * request the cached value, later requests of a customer would be replaced by its first one, behaviour included.
 */
public final class WithCustomer extends WorkflowPrimitive<SupportRequest, SupportRequest> {

    private final WorkflowPrimitive<String, String> lookup;

    /**
     * Wraps a lookup.
     *
     * @param lookup customer id to profile, usually cached
     */
    public WithCustomer(WorkflowPrimitive<String, String> lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    public SupportRequest execute(SupportRequest request, WorkflowContext context) throws Exception {
        lookup.execute(request.customer(), context);
        return request;
    }
}
