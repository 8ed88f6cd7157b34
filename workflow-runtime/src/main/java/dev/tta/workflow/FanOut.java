package dev.tta.workflow;

import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.telemetry.TelemetryNames;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Branches of different output types run concurrently with the same input, and a join function combines their
 * results, typed, without casts:
 *
 * <pre>{@code
 * FanOut<Order, Quote> quote = Workflows.parallel(
 *         new InstrumentedReserveInventory(),          // Order -> Reservation
 *         new InstrumentedChargePayment(),             // Order -> Confirmation
 *         new InstrumentedQuoteShipping(),             // Order -> Shipping
 *         Quote::new);                                 // (Reservation, Confirmation, Shipping) -> Quote
 * }</pre>
 *
 * <p>It runs and fails as a {@link Parallel} does (same span, type {@code parallel}, branch spans with
 * {@code workflow.branch.index}, the first failure rethrown unchanged); the join runs on the calling thread once every
 * branch has returned, inside the block's span. Immutable and thread-safe, provided the join function is.
 *
 * @param <I> the input type
 * @param <O> the joined output type
 */
public final class FanOut<I, O> extends CompositePrimitive<I, O> {

    private final List<WorkflowPrimitive<Object, Object>> branches;
    private final Executor executor;
    private final Function<Object[], ? extends O> join;

    private FanOut(List<WorkflowPrimitive<Object, Object>> branches, Executor executor,
            Function<Object[], ? extends O> join, String name) {
        super(name, TelemetryNames.TYPE_PARALLEL);
        this.branches = branches;
        this.executor = executor;
        this.join = join;
    }

    /** Two branches and their join; {@link Workflows#parallel(WorkflowPrimitive, WorkflowPrimitive, BiFunction)}. */
    @SuppressWarnings("unchecked") // each slot holds the output of the branch at its index
    static <I, A, B, O> FanOut<I, O> of(WorkflowPrimitive<? super I, ? extends A> first,
            WorkflowPrimitive<? super I, ? extends B> second, BiFunction<? super A, ? super B, ? extends O> join,
            Executor executor) {
        Checks.notNull(join, "join");
        return new FanOut<>(branches(first, second), Checks.notNull(executor, "executor"),
                results -> join.apply((A) results[0], (B) results[1]), Parallel.DEFAULT_NAME);
    }

    /** Three branches and their join. */
    @SuppressWarnings("unchecked") // each slot holds the output of the branch at its index
    static <I, A, B, C, O> FanOut<I, O> of(WorkflowPrimitive<? super I, ? extends A> first,
            WorkflowPrimitive<? super I, ? extends B> second, WorkflowPrimitive<? super I, ? extends C> third,
            Join3<? super A, ? super B, ? super C, ? extends O> join, Executor executor) {
        Checks.notNull(join, "join");
        return new FanOut<>(branches(first, second, third), Checks.notNull(executor, "executor"),
                results -> join.apply((A) results[0], (B) results[1], (C) results[2]), Parallel.DEFAULT_NAME);
    }

    /** Four branches and their join. */
    @SuppressWarnings("unchecked") // each slot holds the output of the branch at its index
    static <I, A, B, C, D, O> FanOut<I, O> of(WorkflowPrimitive<? super I, ? extends A> first,
            WorkflowPrimitive<? super I, ? extends B> second, WorkflowPrimitive<? super I, ? extends C> third,
            WorkflowPrimitive<? super I, ? extends D> fourth,
            Join4<? super A, ? super B, ? super C, ? super D, ? extends O> join, Executor executor) {
        Checks.notNull(join, "join");
        return new FanOut<>(branches(first, second, third, fourth), Checks.notNull(executor, "executor"),
                results -> join.apply((A) results[0], (B) results[1], (C) results[2], (D) results[3]),
                Parallel.DEFAULT_NAME);
    }

    @SuppressWarnings("unchecked") // a branch only ever receives the block's input, of a type it accepts
    private static List<WorkflowPrimitive<Object, Object>> branches(WorkflowPrimitive<?, ?>... branches) {
        for (int i = 0; i < branches.length; i++) {
            Checks.notNull(branches[i], "branches[" + i + "]");
        }
        return List.of((WorkflowPrimitive<Object, Object>[]) branches);
    }

    /**
     * The same block under another name.
     *
     * @param name the name in spans, metrics and logs; low-cardinality
     * @return a new block
     * @throws IllegalArgumentException if the name is null or blank
     */
    public FanOut<I, O> named(String name) {
        return new FanOut<>(branches, executor, join, Checks.name(name));
    }

    /**
     * The same block with its branches run on another executor.
     *
     * @param executor where the branches run
     * @return a new block
     * @throws IllegalArgumentException if the executor is null
     */
    public FanOut<I, O> on(Executor executor) {
        return new FanOut<>(branches, Checks.notNull(executor, "executor"), join, name());
    }

    /**
     * The branches, in order.
     *
     * @return an unmodifiable list
     */
    public List<WorkflowPrimitive<?, ?>> branches() {
        return List.copyOf(branches);
    }

    @Override
    protected O run(I input, Invocation invocation) throws Exception {
        return join.apply(Branches.run(branches, executor, telemetry(), input, invocation));
    }

    /**
     * Joins the results of three branches.
     *
     * @param <A> the first branch's output type
     * @param <B> the second's
     * @param <C> the third's
     * @param <R> the joined type
     */
    @FunctionalInterface
    public interface Join3<A, B, C, R> {
        /**
         * Combines the branches' results.
         *
         * @param first the first branch's result
         * @param second the second's
         * @param third the third's
         * @return the joined result
         */
        R apply(A first, B second, C third);
    }

    /**
     * Joins the results of four branches.
     *
     * @param <A> the first branch's output type
     * @param <B> the second's
     * @param <C> the third's
     * @param <D> the fourth's
     * @param <R> the joined type
     */
    @FunctionalInterface
    public interface Join4<A, B, C, D, R> {
        /**
         * Combines the branches' results.
         *
         * @param first the first branch's result
         * @param second the second's
         * @param third the third's
         * @param fourth the fourth's
         * @return the joined result
         */
        R apply(A first, B second, C third, D fourth);
    }
}
