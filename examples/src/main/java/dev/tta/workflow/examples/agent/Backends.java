package dev.tta.workflow.examples.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The external systems the support agent calls, simulated: a CRM, a help center, an order service, a model provider,
 * a help desk and the reply channels. Each call pauses for a random latency and sometimes fails, as the real ones
 * do: the model provider rate-limits (HTTP 429), hangs, or refuses a prompt; the reply channel is sometimes down.
 *
 * <p>Deterministic under a seed: each system draws from its own random sequence, so parallel calls to different
 * systems do not change each other's draws, and a model call draws everything before it waits, so a call cut short
 * by a timeout leaves the sequence as it was. Run the same requests in the same order with the same seed and every
 * outcome, route, token count and cost repeats; only the measured latencies differ (unless a machine so loaded that a
 * normal call overruns the agent's timeout turns it into a retry).
 *
 * <p>Thread-safe.
 */
public final class Backends {

    /**
     * How often each simulated failure happens, as probabilities per call.
     *
     * @param rateLimitChance a model call is rate-limited (retried)
     * @param hangChance a model call never answers (cut short by the timeout, then retried)
     * @param rejectChance a model call is refused (not retried: the fallback answers)
     * @param deliveryFailureChance the reply channel is down (the saga closes the ticket again)
     */
    public record FailureRates(double rateLimitChance, double hangChance, double rejectChance,
            double deliveryFailureChance) {

        /** Rates of a bad but ordinary day. */
        public static final FailureRates DEFAULT = new FailureRates(0.10, 0.03, 0.03, 0.04);

        /** No failures at all. */
        public static final FailureRates NONE = new FailureRates(0, 0, 0, 0);

        /**
         * Checks the rates.
         *
         * @throws IllegalArgumentException if a rate is outside [0, 1] or the model's three add up to more than 1
         */
        public FailureRates {
            for (double rate : new double[] {rateLimitChance, hangChance, rejectChance, deliveryFailureChance}) {
                if (!(rate >= 0 && rate <= 1)) {
                    throw new IllegalArgumentException("failure rates are probabilities in [0, 1], got " + rate);
                }
            }
            if (rateLimitChance + hangChance + rejectChance > 1) {
                throw new IllegalArgumentException("the model's failure rates add up to more than 1: "
                        + (rateLimitChance + hangChance + rejectChance));
            }
        }
    }

    /**
     * A model's answer and what it used.
     *
     * @param text the answer
     * @param inputTokens prompt tokens billed
     * @param outputTokens completion tokens billed
     */
    public record Completion(String text, long inputTokens, long outputTokens) {
    }

    /** Longer than any timeout the agent uses: a hanging call only ends when it is interrupted. */
    private static final long HANG_MILLIS = 30_000;

    private static final String[] FIRST_NAMES = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances",
        "Ken", "Margaret", "Niklaus", "Radia", "Tony"};
    private static final String[] PLANS = {"free", "pro", "enterprise"};
    private static final String[][] ARTICLES = {
        {"refund", "Refunds and returns", "How refunds reach your card"},
        {"invoice", "Downloading invoices", "Changing billing details"},
        {"password", "Resetting your password", "Two-factor authentication"},
        {"deliver", "Tracking a delivery", "Late or missing parcels"},
        {"api", "API rate limits", "Rotating API keys"},
        {"plan", "Comparing plans", "Upgrading or downgrading"},
    };
    private static final String[] ORDER_STATES = {"delivered", "shipped", "processing", "returned"};
    private static final String[] ADVICE = {
        "you can follow the steps in the article linked below",
        "I have checked your account and everything is in order on our side",
        "the change takes effect within the next hour",
        "our team has been notified and will confirm by e-mail",
    };

    private final FailureRates rates;
    private final Draws directory;
    private final Draws knowledge;
    private final Draws orders;
    private final Draws model;
    private final Draws helpdesk;
    private final Draws channel;
    private final AtomicLong tickets = new AtomicLong();
    /** How many times slower the order service answers than it draws (the demo's {@code --slowdown}). */
    private volatile double orderSlowdown = 1;
    /** Multiplies every latency but a hang's: below 1, a simulation runs faster than the systems would. */
    private final double timeScale;

    private Backends(long seed, FailureRates rates, double timeScale) {
        this.rates = rates;
        this.timeScale = timeScale;
        this.directory = new Draws(seed, "directory");
        this.knowledge = new Draws(seed, "knowledge");
        this.orders = new Draws(seed, "orders");
        this.model = new Draws(seed, "model");
        this.helpdesk = new Draws(seed, "helpdesk");
        this.channel = new Draws(seed, "channel");
    }

    /**
     * Simulated systems with the default failure rates.
     *
     * @param seed the seed of every random draw
     * @return the systems
     */
    public static Backends simulated(long seed) {
        return simulated(seed, FailureRates.DEFAULT);
    }

    /**
     * Simulated systems with the given failure rates.
     *
     * @param seed the seed of every random draw
     * @param rates how often each failure happens
     * @return the systems
     * @throws NullPointerException if the rates are null
     */
    public static Backends simulated(long seed, FailureRates rates) {
        return simulated(seed, rates, 1);
    }

    /**
     * Simulated systems that answer faster than real ones, for simulations of many requests: every latency is
     * scaled, but a hanging model call still hangs until a timeout gives up on it.
     *
     * @param seed the seed of every random draw
     * @param rates how often each failure happens
     * @param timeScale the factor on every latency, in (0, 1]
     * @return the systems
     * @throws IllegalArgumentException if the factor is not in (0, 1]
     * @throws NullPointerException if the rates are null
     */
    public static Backends simulated(long seed, FailureRates rates, double timeScale) {
        if (!(timeScale > 0 && timeScale <= 1)) {
            throw new IllegalArgumentException("timeScale must be in (0, 1], got " + timeScale);
        }
        if (rates == null) {
            throw new NullPointerException("rates must not be null; use FailureRates.NONE for no failures");
        }
        return new Backends(seed, rates, timeScale);
    }

    /**
     * The CRM: looks a customer up. Slow, so the agent caches it.
     *
     * @param customerId the customer
     * @return the profile; the plan follows from the id
     * @throws InterruptedException if interrupted while waiting for the CRM
     */
    public CustomerProfile customer(String customerId) throws InterruptedException {
        pause(directory.between(20, 40));
        int index = Math.floorMod(customerId.hashCode(), FIRST_NAMES.length);
        return new CustomerProfile(customerId, FIRST_NAMES[index], PLANS[Math.floorMod(customerId.hashCode(), 7) % 3]);
    }

    /**
     * The help center's search.
     *
     * @param question the customer's question
     * @return up to two article titles
     * @throws InterruptedException if interrupted while waiting for the search
     */
    public List<String> searchArticles(String question) throws InterruptedException {
        pause(knowledge.between(10, 40));
        String lower = question.toLowerCase(Locale.ROOT);
        for (String[] topic : ARTICLES) {
            if (lower.contains(topic[0])) {
                return List.of(topic[1], topic[2]);
            }
        }
        return List.of("Contacting support", "Frequently asked questions");
    }

    /**
     * The order service.
     *
     * @param customerId the customer
     * @return up to three recent orders, newest first
     * @throws InterruptedException if interrupted while waiting for the order service
     */
    public List<String> recentOrders(String customerId) throws InterruptedException {
        int latency = orders.between(5, 25);
        int count = orders.between(0, 3);
        List<String> recent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            recent.add("ord-" + orders.between(1000, 9999) + " (" + ORDER_STATES[orders.between(0, 3)] + ")");
        }
        pause(Math.round(latency * orderSlowdown));
        return recent;
    }

    /**
     * Makes the order service this many times slower from now on, as an incident would; draws are unchanged.
     *
     * @param factor the slowdown, 1 for none
     * @throws IllegalArgumentException if it is below 1 or not finite
     */
    public void slowDownOrders(double factor) {
        if (!(factor >= 1 && factor <= 1000)) {
            throw new IllegalArgumentException("a slowdown is a factor from 1 to 1000, got " + factor);
        }
        orderSlowdown = factor;
    }

    /**
     * The model provider's chat completion.
     *
     * @param chatModel the model to ask
     * @param prompt the prompt
     * @return the answer and the tokens billed
     * @throws RateLimitedException on HTTP 429
     * @throws ModelRejectedException when the prompt is refused
     * @throws IOException when the call hangs and is not interrupted in time
     * @throws InterruptedException if interrupted while waiting, typically by a timeout
     */
    public Completion complete(ChatModel chatModel, String prompt) throws IOException, InterruptedException {
        // Every draw first: a call cut short by a timeout must not shift the draws of the calls after it.
        double roll = model.chance();
        boolean large = ChatModel.LARGE.equals(chatModel);
        int latency = large ? model.between(90, 160) : model.between(40, 90);
        int outputTokens = large ? model.between(180, 420) : model.between(60, 220);
        int retrievedTokens = model.between(300, 900); // the article bodies the provider's retrieval adds
        String advice = ADVICE[model.between(0, ADVICE.length - 1)];
        if (roll < rates.rateLimitChance()) {
            pause(latency / 8);
            throw new RateLimitedException("429 Too Many Requests: rate limit of " + chatModel.name() + " exceeded");
        }
        roll -= rates.rateLimitChance();
        if (roll < rates.hangChance()) {
            Thread.sleep(HANG_MILLIS);
            throw new IOException(chatModel.name() + " did not answer within " + HANG_MILLIS + " ms");
        }
        roll -= rates.hangChance();
        if (roll < rates.rejectChance()) {
            pause(latency / 4);
            throw new ModelRejectedException("400 Bad Request: " + chatModel.name()
                    + " refused the prompt (content filter)");
        }
        pause(latency);
        // Roughly four characters a token, as the usual tokenizers average on English text.
        long inputTokens = prompt.length() / 4 + retrievedTokens;
        return new Completion("Thanks for reaching out: " + advice + ".", inputTokens, outputTokens);
    }

    /**
     * The help desk: opens a ticket recording an answer.
     *
     * @param requestId the request answered
     * @return the ticket id
     * @throws InterruptedException if interrupted while waiting for the help desk
     */
    public String openTicket(String requestId) throws InterruptedException {
        pause(helpdesk.between(2, 5));
        return "T-" + (10_000 + tickets.incrementAndGet());
    }

    /**
     * The help desk: closes a ticket as not delivered.
     *
     * @param ticketId the ticket
     * @throws InterruptedException if interrupted while waiting for the help desk
     */
    public void closeTicket(String ticketId) throws InterruptedException {
        pause(helpdesk.between(2, 4));
    }

    /**
     * The reply channel: sends the answer to the customer.
     *
     * @param channelName {@code chat} or {@code email}
     * @param customerId the recipient
     * @param text the answer
     * @throws DeliveryException when the channel is down
     * @throws InterruptedException if interrupted while sending
     */
    public void deliver(String channelName, String customerId, String text)
            throws DeliveryException, InterruptedException {
        boolean down = channel.chance() < rates.deliveryFailureChance();
        pause(channel.between(3, 8));
        if (down) {
            throw new DeliveryException("the " + channelName + " gateway is unavailable (503); " + customerId
                    + " did not receive the answer");
        }
    }

    private void pause(long millis) throws InterruptedException {
        long scaled = Math.round(millis * timeScale);
        if (scaled > 0) {
            Thread.sleep(scaled);
        }
    }

    /** One system's random sequence. */
    private static final class Draws {
        private final SplittableRandom random;

        Draws(long seed, String system) {
            // Distinct, stable sequences per system from one seed.
            this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ system.hashCode());
        }

        synchronized int between(int lowest, int highest) {
            return random.nextInt(lowest, highest + 1);
        }

        synchronized double chance() {
            return random.nextDouble();
        }
    }
}
