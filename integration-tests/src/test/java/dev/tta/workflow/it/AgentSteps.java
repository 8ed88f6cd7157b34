package dev.tta.workflow.it;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The steps of a small AI-agent workflow, written as a user would, each writing what it did to a journal so tests
 * can check behaviour as well as telemetry.
 */
final class AgentSteps {

    private AgentSteps() {
    }

    /** What the steps did, in order. */
    static final class Journal {
        private final Queue<String> entries = new ConcurrentLinkedQueue<>();

        void add(String entry) {
            entries.add(entry);
        }

        List<String> entries() {
            return List.copyOf(entries);
        }
    }

    /** Normalises the prompt. */
    @Observed
    public static class Classify extends WorkflowPrimitive<String, String> {
        @Override
        public String execute(String prompt, WorkflowContext context) {
            return prompt.trim();
        }
    }

    /** Looks up the user's profile: slow and worth caching. */
    @Observed
    public static class LookupProfile extends WorkflowPrimitive<String, String> {
        private final Journal journal;

        /** @param journal where calls are written */
        public LookupProfile(Journal journal) {
            this.journal = journal;
        }

        @Override
        public String execute(String prompt, WorkflowContext context) {
            journal.add("lookup");
            return prompt;
        }
    }

    /** A flaky model: rate-limited on the first call, hangs on the second, answers from the third on. */
    @Observed
    public static class CallModel extends WorkflowPrimitive<String, String> {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public String execute(String prompt, WorkflowContext context) throws Exception {
            switch (calls.incrementAndGet()) {
                case 1 -> throw new IOException("429 rate limited");
                case 2 -> {
                    Thread.sleep(60_000); // interrupted by the timeout
                    throw new IllegalStateException("the timeout should have interrupted this call");
                }
                default -> {
                    return "answer to " + prompt;
                }
            }
        }
    }

    /** The model for large prompts; never chosen in these tests. */
    @Observed
    public static class CallLargeModel extends WorkflowPrimitive<String, String> {
        @Override
        public String execute(String prompt, WorkflowContext context) {
            return "large answer to " + prompt;
        }
    }

    /** Shortens long answers. */
    @Observed
    public static class Summarize extends WorkflowPrimitive<String, String> {
        @Override
        public String execute(String answer, WorkflowContext context) {
            return answer.substring(0, 10);
        }
    }

    /** Leaves short answers alone. */
    @Observed
    public static class KeepAsIs extends WorkflowPrimitive<String, String> {
        @Override
        public String execute(String answer, WorkflowContext context) {
            return answer;
        }
    }

    /** An enrichment service that is down. */
    @Observed
    public static class PrimaryEnricher extends WorkflowPrimitive<String, String> {
        @Override
        public String execute(String answer, WorkflowContext context) throws IOException {
            throw new IOException("enricher unavailable");
        }
    }

    /** The backup enrichment. */
    @Observed
    public static class BackupEnricher extends WorkflowPrimitive<String, String> {
        @Override
        public String execute(String answer, WorkflowContext context) {
            return answer + " (enriched)";
        }
    }

    /** Writes a journal entry and passes its input on: the saga's steps and compensations. */
    abstract static class Recording extends WorkflowPrimitive<String, String> {
        private final Journal journal;
        private final String entry;

        Recording(Journal journal, String entry) {
            this.journal = journal;
            this.entry = entry;
        }

        @Override
        public String execute(String input, WorkflowContext context) {
            journal.add(entry);
            return input;
        }
    }

    /** Reserves LLM credits. */
    @Observed
    public static class ReserveCredits extends Recording {
        /** @param journal where calls are written */
        public ReserveCredits(Journal journal) {
            super(journal, "reserve");
        }
    }

    /** Releases reserved credits. */
    @Observed
    public static class ReleaseCredits extends Recording {
        /** @param journal where calls are written */
        public ReleaseCredits(Journal journal) {
            super(journal, "release");
        }
    }

    /** Charges the credits. */
    @Observed
    public static class ChargeCredits extends Recording {
        /** @param journal where calls are written */
        public ChargeCredits(Journal journal) {
            super(journal, "charge");
        }
    }

    /** Refunds a charge; the billing system refuses. */
    @Observed
    public static class RefundCredits extends WorkflowPrimitive<String, String> {
        private final Journal journal;

        /** @param journal where calls are written */
        public RefundCredits(Journal journal) {
            this.journal = journal;
        }

        @Override
        public String execute(String input, WorkflowContext context) {
            journal.add("refund");
            throw new IllegalStateException("billing refused the refund");
        }
    }

    /** Publishes the answer; the channel is closed. */
    @Observed
    public static class Publish extends WorkflowPrimitive<String, String> {
        private final Journal journal;

        /** @param journal where calls are written */
        public Publish(Journal journal) {
            this.journal = journal;
        }

        @Override
        public String execute(String answer, WorkflowContext context) throws PublishException {
            journal.add("publish");
            throw new PublishException("channel closed");
        }
    }

    /** Publishing failed. */
    public static final class PublishException extends Exception {
        private static final long serialVersionUID = 1L;

        PublishException(String message) {
            super(message);
        }
    }
}
