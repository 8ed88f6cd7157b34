package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.telemetry.TelemetryNames;
import java.util.function.BiPredicate;

/**
 * If-then-else: a condition on the input chooses which of two branches runs, with the same input.
 *
 * <p>One span covers the conditional, with {@code workflow.conditional.branch} = {@value #THEN} or
 * {@value #OTHERWISE}; the branch's span is its child. The condition sees the conditional's context, so it can read
 * metadata or the remaining time. If the condition throws, no branch runs and the conditional fails with that
 * exception, unchanged; a failing branch's exception propagates unchanged too.
 *
 * <p>Immutable and thread-safe, provided the condition is. Build one with {@link dev.tta.workflow.Workflows#when}.
 *
 * @param <I> the input type
 * @param <O> the output type of both branches
 */
public final class Conditional<I, O> extends CompositePrimitive<I, O> {

    /** The name of a conditional that was not given one. */
    public static final String DEFAULT_NAME = "conditional";

    /** Value of {@code workflow.conditional.branch} when the condition held. */
    public static final String THEN = "then";

    /** Value of {@code workflow.conditional.branch} when it did not. */
    public static final String OTHERWISE = "otherwise";

    private final BiPredicate<? super I, WorkflowContext> condition;
    private final WorkflowPrimitive<? super I, ? extends O> thenBranch;
    private final WorkflowPrimitive<? super I, ? extends O> otherwiseBranch;

    private Conditional(BiPredicate<? super I, WorkflowContext> condition,
            WorkflowPrimitive<? super I, ? extends O> thenBranch,
            WorkflowPrimitive<? super I, ? extends O> otherwiseBranch, String name) {
        super(name, TelemetryNames.TYPE_CONDITIONAL);
        this.condition = condition;
        this.thenBranch = thenBranch;
        this.otherwiseBranch = otherwiseBranch;
    }

    /**
     * A conditional.
     *
     * @param condition decides, from the input and the conditional's context, whether {@code then} runs
     * @param then the branch that runs when the condition holds
     * @param otherwise the branch that runs when it does not
     * @param <I> the input type
     * @param <O> the output type
     * @return the conditional, named {@value #DEFAULT_NAME}
     * @throws IllegalArgumentException if an argument is null
     */
    public static <I, O> Conditional<I, O> of(BiPredicate<? super I, WorkflowContext> condition,
            WorkflowPrimitive<? super I, ? extends O> then, WorkflowPrimitive<? super I, ? extends O> otherwise) {
        Checks.notNull(condition, "condition");
        Checks.notNull(then, "then");
        Checks.notNull(otherwise, "otherwise");
        return new Conditional<>(condition, then, otherwise, DEFAULT_NAME);
    }

    /**
     * A conditional without an else branch: when the condition does not hold, the input passes through unchanged.
     *
     * @param condition decides, from the input and the conditional's context, whether {@code then} runs
     * @param then the branch that runs when the condition holds
     * @param <I> the input and output type
     * @return the conditional, named {@value #DEFAULT_NAME}
     * @throws IllegalArgumentException if an argument is null
     */
    public static <I> Conditional<I, I> of(BiPredicate<? super I, WorkflowContext> condition,
            WorkflowPrimitive<? super I, ? extends I> then) {
        Checks.notNull(condition, "condition");
        Checks.notNull(then, "then");
        return new Conditional<>(condition, then, null, DEFAULT_NAME);
    }

    /**
     * The same conditional under another name.
     *
     * @param name the name in spans, metrics and logs; low-cardinality
     * @return a new conditional
     * @throws IllegalArgumentException if the name is null or blank
     */
    public Conditional<I, O> named(String name) {
        return new Conditional<>(condition, thenBranch, otherwiseBranch, Checks.name(name));
    }

    /**
     * The branch that runs when the condition holds.
     *
     * @return the branch
     */
    public WorkflowPrimitive<? super I, ? extends O> thenBranch() {
        return thenBranch;
    }

    /**
     * The branch that runs when the condition does not hold.
     *
     * @return the branch, or null for a conditional without an else branch, which passes its input through
     */
    public WorkflowPrimitive<? super I, ? extends O> otherwiseBranch() {
        return otherwiseBranch;
    }

    @Override
    protected O run(I input, Invocation invocation) throws Exception {
        WorkflowContext inner = invocation.context();
        String recorded = invocation.recordedDecision(Decisions.BRANCH);
        if (recorded != null ? THEN.equals(recorded) : condition.test(input, inner)) {
            invocation.attribute(TelemetryNames.CONDITIONAL_BRANCH, THEN);
            invocation.decided(Decisions.BRANCH, THEN);
            return thenBranch.execute(input, inner);
        }
        invocation.attribute(TelemetryNames.CONDITIONAL_BRANCH, OTHERWISE);
        invocation.decided(Decisions.BRANCH, OTHERWISE);
        if (otherwiseBranch == null) {
            @SuppressWarnings("unchecked") // only of(condition, then) leaves it out, where O is I
            O passedThrough = (O) input;
            return passedThrough;
        }
        return otherwiseBranch.execute(input, inner);
    }
}
