package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.PhaseSpan;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.internal.MetricAttributes;
import dev.tta.workflow.spi.TelemetryCounter;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Steps run in order, like a sequence, each optionally paired with a compensation that undoes it; if a step fails,
 * the compensations of the steps that completed run in reverse order, then the failure propagates.
 *
 * <pre>{@code
 * Saga<Order, Shipment> checkout = Workflows.saga(reserveStock, releaseStock)  // releaseStock gets the Reservation
 *         .then(chargeCard, refundCard)                                        // refundCard gets the Payment
 *         .then(ship)
 *         .named("checkout")
 *         .build();
 * }</pre>
 *
 * <p>Each step receives the previous step's output, and each compensation receives the output of the step it
 * undoes. One span covers the saga; each step's span is its child, with {@code workflow.step.index}. When step
 * {@code k} fails, the compensations of steps {@code k-1} down to {@code 0} (those that have one) run one after the
 * other, each inside a child span of the saga named {@code workflow.saga.compensation}, with
 * {@code workflow.saga.step.index}, that parents the compensation's own span. A failing compensation gets status
 * ERROR on its span and does not stop the others. The saga then rethrows the step's failure, the same instance, with
 * the compensations' failures added as {@linkplain Throwable#getSuppressed() suppressed} exceptions. The counter
 * {@code workflow.saga.compensations} counts compensations run, by {@code workflow.primitive.name},
 * {@code workflow.name} and {@code workflow.primitive.outcome} ({@code success} or {@code failure}).
 *
 * <p>The last step has no compensation ({@link Builder#build()} refuses one): nothing runs after it, so nothing could
 * ever fail after it completed. A step that must be undone when it fails half-way handles that itself.
 *
 * <p>Compensations run even if the thread is interrupted: the interrupt flag is cleared before each compensation
 * and set again once they are done, if it was set when compensation started or became set meanwhile.
 *
 * <p>Immutable and thread-safe. Build one with {@link dev.tta.workflow.Workflows#saga}.
 *
 * @param <I> the input type of the first step
 * @param <O> the output type of the last step
 */
public final class Saga<I, O> extends CompositePrimitive<I, O> {

    /** The name of a saga that was not given one. */
    public static final String DEFAULT_NAME = "saga";

    private static final TelemetryCounter COMPENSATIONS = TelemetryCounter.create(
            TelemetryNames.SAGA_COMPENSATIONS_METRIC, "{compensation}",
            "Compensations run by workflow sagas, by outcome.");

    private final List<Stage> stages;
    private final List<Attributes> compensationSpanAttributes;
    private final MetricAttributes compensationSucceeded;
    private final MetricAttributes compensationFailed;

    private Saga(List<Stage> stages, String name) {
        super(name, TelemetryNames.TYPE_SAGA);
        this.stages = stages;
        List<Attributes> spanAttributes = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            spanAttributes.add(Attributes.of(TelemetryNames.SAGA_STEP_INDEX, (long) i));
        }
        this.compensationSpanAttributes = List.copyOf(spanAttributes);
        this.compensationSucceeded = MetricAttributes.of(Attributes.of(TelemetryNames.PRIMITIVE_NAME, name,
                TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_SUCCESS));
        this.compensationFailed = MetricAttributes.of(Attributes.of(TelemetryNames.PRIMITIVE_NAME, name,
                TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_FAILURE));
    }

    /**
     * Starts a saga with a step and its compensation. {@link dev.tta.workflow.Workflows#saga} is the usual entry
     * point.
     *
     * @param step the first step
     * @param compensation undoes {@code step}; receives its output
     * @param <I> the input type
     * @param <O> the first step's output type
     * @return a builder; add steps with {@link Builder#then}
     * @throws IllegalArgumentException if the step or the compensation is null
     */
    public static <I, O> Builder<I, O> builder(WorkflowPrimitive<? super I, O> step,
            WorkflowPrimitive<? super O, ?> compensation) {
        return new Builder<>(null, Checks.notNull(step, "step"), Checks.notNull(compensation, "compensation"),
                DEFAULT_NAME);
    }

    /**
     * Starts a saga with a step that needs no compensation.
     *
     * @param step the first step
     * @param <I> the input type
     * @param <O> the first step's output type
     * @return a builder; add steps with {@link Builder#then}
     * @throws IllegalArgumentException if the step is null
     */
    public static <I, O> Builder<I, O> builder(WorkflowPrimitive<? super I, O> step) {
        return new Builder<>(null, Checks.notNull(step, "step"), null, DEFAULT_NAME);
    }

    /**
     * The same saga under another name.
     *
     * @param name the name in spans, metrics and logs; low-cardinality
     * @return a new saga
     * @throws IllegalArgumentException if the name is null or blank
     */
    public Saga<I, O> named(String name) {
        return new Saga<>(stages, Checks.name(name));
    }

    /**
     * The steps, in order.
     *
     * @return an unmodifiable list
     */
    public List<WorkflowPrimitive<?, ?>> steps() {
        List<WorkflowPrimitive<?, ?>> steps = new ArrayList<>(stages.size());
        for (Stage stage : stages) {
            steps.add(stage.step());
        }
        return Collections.unmodifiableList(steps);
    }

    /**
     * The compensation of a step.
     *
     * @param stepIndex the step's position, from 0
     * @return its compensation, or empty if the step has none
     * @throws IndexOutOfBoundsException if there is no such step
     */
    public Optional<WorkflowPrimitive<?, ?>> compensation(int stepIndex) {
        return Optional.ofNullable(stages.get(stepIndex).compensation());
    }

    @Override
    @SuppressWarnings("unchecked") // the types line up by construction: the builder checks them
    protected O run(I input, Invocation invocation) throws Exception {
        WorkflowContext inner = invocation.context();
        Object[] outputs = new Object[stages.size()];
        Object value = input;
        for (int i = 0; i < stages.size(); i++) {
            try {
                value = stages.get(i).step().execute(value, inner.atStep(i));
            } catch (Throwable failure) {
                compensate(i, outputs, inner, failure);
                throw failure;
            }
            outputs[i] = value;
        }
        return (O) value;
    }

    /** Runs the compensations of the steps before {@code failedStep}, last first, collecting their failures. */
    private void compensate(int failedStep, Object[] outputs, WorkflowContext context, Throwable failure) {
        boolean interrupted = false;
        try {
            for (int i = failedStep - 1; i >= 0; i--) {
                WorkflowPrimitive<Object, ?> compensation = stages.get(i).compensation();
                if (compensation == null) {
                    continue;
                }
                // An interrupt must not cancel the clean-up: defer it until every compensation has run.
                interrupted |= Thread.interrupted();
                PhaseSpan span = PhaseSpan.start(context, TelemetryNames.SAGA_COMPENSATION_SPAN,
                        compensationSpanAttributes.get(i));
                try {
                    compensation.execute(outputs[i], span.context());
                    COMPENSATIONS.add(1, compensationSucceeded.forWorkflow(context.workflowName()));
                } catch (Throwable compensationFailure) {
                    span.fail(compensationFailure);
                    COMPENSATIONS.add(1, compensationFailed.forWorkflow(context.workflowName()));
                    Failures.suppress(failure, compensationFailure);
                } finally {
                    span.end();
                }
            }
        } finally {
            if (interrupted || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A step and its compensation, if any. */
    private record Stage(WorkflowPrimitive<Object, Object> step, WorkflowPrimitive<Object, ?> compensation) {
    }

    /**
     * Builds a saga one step at a time; each {@link #then} fixes the type of the next step's input. Immutable: every
     * method returns a new builder, so a partial saga can be shared and extended in different ways.
     *
     * @param <I> the input type of the saga
     * @param <O> the output type of the last step added
     */
    public static final class Builder<I, O> {

        private final Builder<I, ?> previous;
        private final WorkflowPrimitive<Object, Object> step;
        private final WorkflowPrimitive<Object, ?> compensation;
        private final String name;

        private Builder(Builder<I, ?> previous, WorkflowPrimitive<?, ?> step, WorkflowPrimitive<?, ?> compensation,
                String name) {
            this.previous = previous;
            this.step = erase(step);
            this.compensation = eraseCompensation(compensation);
            this.name = name;
        }

        /**
         * Adds a step and its compensation.
         *
         * @param step the next step; receives the previous step's output
         * @param compensation undoes {@code step}; receives its output
         * @param <R> the step's output type
         * @return a new builder
         * @throws IllegalArgumentException if the step or the compensation is null
         */
        public <R> Builder<I, R> then(WorkflowPrimitive<? super O, R> step,
                WorkflowPrimitive<? super R, ?> compensation) {
            return new Builder<>(this, Checks.notNull(step, "step"), Checks.notNull(compensation, "compensation"),
                    name);
        }

        /**
         * Adds a step that needs no compensation (a read, or the last step).
         *
         * @param step the next step; receives the previous step's output
         * @param <R> the step's output type
         * @return a new builder
         * @throws IllegalArgumentException if the step is null
         */
        public <R> Builder<I, R> then(WorkflowPrimitive<? super O, R> step) {
            return new Builder<>(this, Checks.notNull(step, "step"), null, name);
        }

        /**
         * Names the saga.
         *
         * @param name the name in spans, metrics and logs; low-cardinality
         * @return a new builder
         * @throws IllegalArgumentException if the name is null or blank
         */
        public Builder<I, O> named(String name) {
            return new Builder<>(previous, step, compensation, Checks.name(name));
        }

        /**
         * Builds the saga.
         *
         * @return the saga
         * @throws IllegalArgumentException if the last step has a compensation: compensations undo completed steps
         *     when a later step fails, so the last step's can never run (wrap a step that needs undoing when it
         *     fails half-way in its own error handling, or add the step that can fail after it)
         */
        public Saga<I, O> build() {
            if (compensation != null) {
                throw new IllegalArgumentException("the compensation of the last step of saga '" + name + "' ("
                        + step.name() + ") can never run: compensations undo completed steps when a later step "
                        + "fails. Add the last step with then(step), without a compensation.");
            }
            List<Stage> stages = new ArrayList<>();
            for (Builder<I, ?> at = this; at != null; at = at.previous) {
                stages.add(new Stage(at.step, at.compensation));
            }
            Collections.reverse(stages);
            return new Saga<>(List.copyOf(stages), name);
        }

        @SuppressWarnings("unchecked") // a step only ever receives the previous step's output
        private static WorkflowPrimitive<Object, Object> erase(WorkflowPrimitive<?, ?> step) {
            return (WorkflowPrimitive<Object, Object>) step;
        }

        @SuppressWarnings("unchecked") // a compensation only ever receives the output of its step
        private static WorkflowPrimitive<Object, ?> eraseCompensation(WorkflowPrimitive<?, ?> compensation) {
            return (WorkflowPrimitive<Object, ?>) compensation;
        }
    }
}
