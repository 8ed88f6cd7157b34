package dev.tta.workflow.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.spi.Execution;
import dev.tta.workflow.spi.RecordedOutcome;
import dev.tta.workflow.spi.ReplaySession;
import java.lang.reflect.Constructor;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One replay of a recorded run: names each live execution by the path the recording used, substitutes what the
 * policy (or the recording) says, hands recorded decisions back, records the replay's own journal and notes every
 * divergence. Thread-safe, like the runs it follows.
 */
final class ReplayRun implements ReplaySession {

    private final RunJournal recorded;
    private final Substitution policy;
    private final JsonValues values;
    private volatile Recording live;
    private final Set<String> reached = ConcurrentHashMap.newKeySet();
    /**
     * Divergences in the order they were found: an input when the execution starts, an outcome when it ends, so a
     * changed step comes before the composites around it that end differently because of it.
     */
    private final List<Divergence> divergences = new ArrayList<>();
    /** Executions substituted by an outcome that did not end when recorded: recorded as not ended again. */
    private final Set<Recording.Node> unended = ConcurrentHashMap.newKeySet();
    /** Where a recorded outcome stood in: what the recording ran below it is not missing from the replay. */
    private final Set<String> substitutedPaths = ConcurrentHashMap.newKeySet();

    ReplayRun(RunJournal recorded, Substitution policy, JsonValues values) {
        this.recorded = recorded;
        this.policy = policy;
        this.values = values;
    }

    @Override
    public Object onStart(Execution execution) {
        if (execution.context() == null) {
            return null; // an observed method: it runs inside a step, which the journal has
        }
        Execution parent = execution.parent();
        Recording.Node node;
        if (parent == null) {
            Recording run = new Recording(execution, recorded.workflowId(), values, recorded.masked(),
                    Long.MAX_VALUE);
            live = run;
            node = run.root(execution);
        } else if (parent.observerState(this) instanceof Recording.Node parentNode) {
            node = parentNode.run().child(parentNode, execution);
        } else {
            return null;
        }
        reached.add(node.path());
        JournalEntry entry = recorded.entry(node.path()).orElse(null);
        if (entry == null) {
            diverged(node, Divergence.Kind.UNEXPECTED, null, node.input());
        } else if (!sameJson(entry.input(), node.input())) {
            diverged(node, Divergence.Kind.INPUT, entry.input(), node.input());
        }
        return node;
    }

    @Override
    public RecordedOutcome substitute(Execution execution, Object state) {
        if (!(state instanceof Recording.Node node)) {
            return null;
        }
        JournalEntry entry = recorded.entry(node.path()).orElse(null);
        if (entry == null || !(policy.substitutes(entry, recorded) || didNotRun(entry))) {
            return null;
        }
        substitutedPaths.add(entry.path());
        // What it decided inside, it decided when recorded: the replay's journal shows the same.
        for (RecordedDecision decision : entry.decisions()) {
            node.decided(decision.kind(), decision.value());
        }
        if (!entry.ended()) {
            unended.add(node);
            return RecordedOutcome.threw(new ReplayException("'" + entry.name() + "' at " + entry.path()
                    + " had not ended when the run was recorded (a timeout gave up on it)"));
        }
        if (entry.failure() != null) {
            return RecordedOutcome.threw(reconstruct(entry.failure()));
        }
        if (!entry.substitutable()) {
            return RecordedOutcome.threw(new ReplayException("the output of '" + entry.name() + "' at "
                    + entry.path() + " was not recorded in full: " + entry.output()));
        }
        Type type = execution.outputType() != null ? execution.outputType() : recordedClass(entry.outputClass());
        try {
            return RecordedOutcome.returned(values.decode(entry.output(), type));
        } catch (JsonProcessingException unreadable) {
            return RecordedOutcome.threw(new ReplayException("the recorded output of '" + entry.name() + "' at "
                    + entry.path() + " does not read back as " + (type == null ? "a value" : type.getTypeName())
                    + ": " + unreadable.getOriginalMessage(), unreadable));
        }
    }

    /**
     * The class an output was recorded as, for a primitive that declares no output type (a cache's hit is its step's
     * output): a record or class of the application, or a JDK scalar. Anything else (a JDK collection, a class not on
     * the class path) reads back as plain JSON values.
     */
    private static Type recordedClass(String name) {
        if (name == null) {
            return null;
        }
        try {
            Class<?> type = Class.forName(name, false, ReplayRun.class.getClassLoader());
            boolean jdk = name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                    || name.startsWith("sun.") || name.startsWith("com.sun.");
            if (jdk) {
                return type == String.class || Number.class.isAssignableFrom(type) || type == Boolean.class
                        || type == Character.class ? type : null;
            }
            return Throwable.class.isAssignableFrom(type) || type.getTypeParameters().length > 0 ? null : type;
        } catch (ClassNotFoundException | LinkageError unknown) {
            return null;
        }
    }

    /** A cache hit and a rejected call ran nothing inside: the replay returns what they returned, or threw. */
    private static boolean didNotRun(JournalEntry entry) {
        for (RecordedDecision decision : entry.decisions()) {
            if ((decision.kind().equals(Decisions.CACHE) && decision.value().equals(Decisions.HIT))
                    || (decision.kind().equals(Decisions.CIRCUIT) && decision.value().equals(Decisions.REJECTED))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String decision(Execution execution, Object state, String kind, int occurrence) {
        if (!(state instanceof Recording.Node node)) {
            return null;
        }
        JournalEntry entry = recorded.entry(node.path()).orElse(null);
        return entry == null ? null : nth(entry.decisions(), kind, occurrence);
    }

    private static String nth(List<RecordedDecision> decisions, String kind, int occurrence) {
        int seen = 0;
        for (RecordedDecision decision : decisions) {
            if (decision.kind().equals(kind) && seen++ == occurrence) {
                return decision.value();
            }
        }
        return null;
    }

    @Override
    public void onDecision(Execution execution, Object state, String kind, String value) {
        if (!(state instanceof Recording.Node node)) {
            return;
        }
        int occurrence = node.decided(kind, value);
        JournalEntry entry = recorded.entry(node.path()).orElse(null);
        if (entry != null) {
            String then = nth(entry.decisions(), kind, occurrence);
            if (!value.equals(then)) {
                diverged(node, Divergence.Kind.DECISION, then == null ? null : kind + "=" + then,
                        kind + "=" + value);
            }
        }
    }

    @Override
    public void onEnd(Execution execution, Object state) {
        if (!(state instanceof Recording.Node node)) {
            return;
        }
        if (unended.contains(node)) {
            live.ended(node); // as recorded: it had not ended
            return;
        }
        node.end(execution, execution.substituted());
        live.ended(node);
        JournalEntry entry = recorded.entry(node.path()).orElse(null);
        if (entry == null || execution.substituted()) {
            return;
        }
        JournalEntry replayed = node.entry();
        if (!sameOutcome(entry, replayed)) {
            diverged(node, Divergence.Kind.OUTCOME, entry.outcome(), replayed.outcome());
        }
    }

    /** Whether two entries ended the same way: the same failure class and message, or equal outputs. */
    boolean sameOutcome(JournalEntry recordedEntry, JournalEntry replayedEntry) {
        if (recordedEntry.ended() != replayedEntry.ended()) {
            return false;
        }
        if (recordedEntry.failure() != null || replayedEntry.failure() != null) {
            return Objects.equals(recordedEntry.failure(), replayedEntry.failure());
        }
        return sameJson(recordedEntry.output(), replayedEntry.output());
    }

    private boolean sameJson(String a, String b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        try {
            return values.tree(a).equals(values.tree(b));
        } catch (JsonProcessingException unreadable) {
            return false;
        }
    }

    private void diverged(Recording.Node node, Divergence.Kind kind, String then, String now) {
        synchronized (divergences) {
            divergences.add(new Divergence(kind, node.path(), then, now));
        }
    }

    /** The replay's journal, or null if nothing ran. */
    RunJournal journal() {
        Recording run = live;
        return run == null ? null : run.finish();
    }

    /** Every divergence, in the order the replay found them; recorded executions it never reached last. */
    List<Divergence> divergences() {
        List<Divergence> all;
        synchronized (divergences) {
            all = new ArrayList<>(divergences);
        }
        Set<String> covered = new HashSet<>(reached);
        recorded.entries().stream().sorted(Comparator.comparingInt(JournalEntry::seq))
                .filter(entry -> !covered.contains(entry.path()) && !belowSubstituted(entry))
                .forEach(entry -> all.add(new Divergence(Divergence.Kind.MISSING, entry.path(), entry.outcome(),
                        null)));
        return all;
    }

    private boolean belowSubstituted(JournalEntry entry) {
        for (String path : substitutedPaths) {
            if (entry.path().startsWith(path + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A recorded failure made again: its own class through a public constructor taking the message (or the message
     * and a cause), else a {@link ReplayedFailure} carrying the class name. Only {@link Throwable} classes are
     * loaded, without initialising them unless one is made.
     */
    static Throwable reconstruct(RecordedFailure failure) {
        try {
            Class<?> type = Class.forName(failure.type(), false, ReplayRun.class.getClassLoader());
            if (Throwable.class.isAssignableFrom(type)) {
                for (Constructor<?> constructor : type.getConstructors()) {
                    Class<?>[] parameters = constructor.getParameterTypes();
                    if (parameters.length == 1 && parameters[0] == String.class) {
                        return (Throwable) constructor.newInstance(failure.message());
                    }
                }
                for (Constructor<?> constructor : type.getConstructors()) {
                    Class<?>[] parameters = constructor.getParameterTypes();
                    if (parameters.length == 2 && parameters[0] == String.class
                            && parameters[1] == Throwable.class) {
                        return (Throwable) constructor.newInstance(failure.message(), null);
                    }
                }
            }
        } catch (ReflectiveOperationException | LinkageError | SecurityException | IllegalArgumentException cannot) {
            // made as a ReplayedFailure below
        }
        return new ReplayedFailure(failure.type(), failure.message());
    }
}
