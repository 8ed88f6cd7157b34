package dev.tta.workflow.examples.agent;

import java.util.SplittableRandom;

/**
 * A stream of realistic support requests, deterministic under a seed: a dozen returning customers (so the profile
 * cache warms up), short questions and long ones (so the router uses both model tiers), and now and then a request
 * the validation rejects.
 *
 * <p>Not thread-safe: one producer draws the requests.
 */
public final class SupportTraffic {

    private static final int CUSTOMERS = 12;

    private static final String[] SHORT_QUESTIONS = {
        "Where is my delivery?",
        "How do I reset my password?",
        "Can I get a refund for my last order?",
        "Where can I download my invoice?",
        "What are the API rate limits on my plan?",
        "How do I upgrade my plan?",
        "My parcel says delivered but I have nothing, what now?",
        "Can I change the billing details on my invoice?",
    };

    private static final String[] LONG_QUESTIONS = {
        "We migrated our integration to the new API last week and since then about one request in twenty fails with"
            + " a rate limit error even though our dashboard shows we are well below the quota, can you explain how"
            + " the limits are computed and what we should change?",
        "I ordered three items in one order, two were delivered, the third shows as returned although I never sent"
            + " it back, and now the refund went to an old card that is closed: how do I get the money and the item?",
        "Our finance team needs every invoice of the last fiscal year with the new company name and VAT number, and"
            + " they also want to know whether changing the plan mid-cycle creates a separate invoice or a credit.",
    };

    private final SplittableRandom random;
    private int issued;

    /**
     * @param seed the seed of the whole stream
     */
    public SupportTraffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * The next request.
     *
     * @return a request with the next id, {@code req-0001} first
     */
    public SupportRequest next() {
        issued++;
        String id = String.format("req-%04d", issued);
        String customer = String.format("cus-%02d", random.nextInt(1, CUSTOMERS + 1));
        String channel = random.nextInt(3) == 0 ? "email" : "chat";
        double kind = random.nextDouble();
        String question = random.nextInt(4) == 0
                ? LONG_QUESTIONS[random.nextInt(LONG_QUESTIONS.length)]
                : SHORT_QUESTIONS[random.nextInt(SHORT_QUESTIONS.length)];
        if (kind < 0.02) {
            question = "   "; // an empty form submitted
        } else if (kind < 0.03) {
            customer = "guest"; // not signed in
        }
        return new SupportRequest(id, customer, channel, question);
    }
}
