package dev.tta.workflow.examples.agent;

/**
 * The customer record from the CRM.
 *
 * @param customerId the id
 * @param name the display name
 * @param plan {@code free}, {@code pro} or {@code enterprise}
 */
public record CustomerProfile(String customerId, String name, String plan) implements ToolOutput {

    /**
     * Whether the customer's plan buys answers from the large model.
     *
     * @return true on the enterprise plan
     */
    public boolean premium() {
        return "enterprise".equals(plan);
    }

    @Override
    public String promptText() {
        return "Customer: " + name + " (" + plan + " plan)";
    }
}
