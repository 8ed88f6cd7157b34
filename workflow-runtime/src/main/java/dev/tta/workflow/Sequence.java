package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.telemetry.TelemetryNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Steps run one after the other, each receiving the previous one's output. One span covers the sequence; each step's
 * span is its child, with {@code workflow.step.index}. The first failure stops the sequence and is rethrown
 * unchanged.
 *
 * <p>Immutable and thread-safe. Build one with {@link WorkflowPrimitive#then} or
 * {@link dev.tta.workflow.Workflows#sequence}.
 *
 * @param <I> the input type of the first step
 * @param <O> the output type of the last step
 */
public final class Sequence<I, O> extends CompositePrimitive<I, O> {

    /** The name of a sequence that was not given one. */
    public static final String DEFAULT_NAME = "sequence";

    private final List<WorkflowPrimitive<Object, Object>> steps;

    private Sequence(List<WorkflowPrimitive<Object, Object>> steps, String name) {
        super(name, TelemetryNames.TYPE_SEQUENTIAL);
        this.steps = steps;
    }

    /**
     * A sequence of steps of one type.
     *
     * @param steps the steps, in order; at least one
     * @param <T> the type flowing through
     * @return the sequence
     * @throws IllegalArgumentException if the list is null or empty, or one of its steps is null
     */
    public static <T> Sequence<T, T> of(List<? extends WorkflowPrimitive<T, T>> steps) {
        List<WorkflowPrimitive<Object, Object>> copy = new ArrayList<>();
        for (WorkflowPrimitive<T, T> step : Checks.elements(steps, "steps")) {
            copy.add(erase(step));
        }
        return new Sequence<>(Collections.unmodifiableList(copy), DEFAULT_NAME);
    }

    /**
     * {@code first.then(next)}: appends to {@code first} if it is a sequence already, so that a chain of
     * {@code then} calls stays one flat sequence.
     *
     * @param first the step that runs first
     * @param next the step that receives its output
     * @param <I> the input type
     * @param <M> the intermediate type
     * @param <O> the output type
     * @return the sequence
     * @throws IllegalArgumentException if {@code next} is null
     */
    public static <I, M, O> Sequence<I, O> chain(WorkflowPrimitive<I, M> first,
            WorkflowPrimitive<? super M, O> next) {
        Checks.notNull(next, "next");
        List<WorkflowPrimitive<Object, Object>> copy = new ArrayList<>();
        String name = DEFAULT_NAME;
        if (first instanceof Sequence<?, ?> sequence) {
            copy.addAll(sequence.steps);
            name = sequence.name();
        } else {
            copy.add(erase(first));
        }
        copy.add(erase(next));
        return new Sequence<>(Collections.unmodifiableList(copy), name);
    }

    /**
     * The same steps under another name, for example the workflow's name for the root of a workflow.
     *
     * @param name the name in spans, metrics and logs; low-cardinality
     * @return a new sequence
     * @throws IllegalArgumentException if the name is blank
     */
    public Sequence<I, O> named(String name) {
        return new Sequence<>(steps, name);
    }

    /**
     * The steps, in order.
     *
     * @return an unmodifiable list
     */
    public List<WorkflowPrimitive<?, ?>> steps() {
        return Collections.unmodifiableList(steps);
    }

    @Override
    @SuppressWarnings("unchecked") // the types line up by construction: then() and of() check them
    protected O run(I input, Invocation invocation) throws Exception {
        WorkflowContext inner = invocation.context();
        Object value = input;
        for (int i = 0; i < steps.size(); i++) {
            value = steps.get(i).execute(value, inner.atStep(i));
        }
        return (O) value;
    }

    @SuppressWarnings("unchecked") // steps are only called with the output of the step before them
    private static WorkflowPrimitive<Object, Object> erase(WorkflowPrimitive<?, ?> step) {
        return (WorkflowPrimitive<Object, Object>) step;
    }
}
