package dev.tta.workflow.test;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Scripted steps for tests of a workflow's shape and telemetry: each is instrumented exactly as a generated
 * {@code @Observed} step is (a span, metrics, percentiles, SLO events, logs), without the annotation processor.
 *
 * <pre>{@code
 * var checkout = Workflows.sequence(FakeSteps.step("validate"),
 *         Workflows.retry(FakeSteps.failingTimes("charge", 2, order -> order), 3, Duration.ZERO),
 *         FakeSteps.step("ship")).named("checkout");
 * }</pre>
 */
public final class FakeSteps {

    private FakeSteps() {
    }

    /**
     * A step that returns its input.
     *
     * @param name the step's name in spans and metrics
     * @param <T> the input and output type
     * @return the step
     */
    public static <T> WorkflowPrimitive<T, T> step(String name) {
        return step(name, (T input) -> input);
    }

    /**
     * A step that applies a function.
     *
     * @param name the step's name
     * @param body what it does
     * @param <I> the input type
     * @param <O> the output type
     * @return the step
     */
    public static <I, O> WorkflowPrimitive<I, O> step(String name, Function<I, O> body) {
        Objects.requireNonNull(body, "body");
        return new FakeStep<>(name, (input, context) -> body.apply(input));
    }

    /**
     * A step with access to its context (to record a cost, read the deadline...).
     *
     * @param name the step's name
     * @param body what it does
     * @param <I> the input type
     * @param <O> the output type
     * @return the step
     */
    public static <I, O> WorkflowPrimitive<I, O> step(String name, Body<I, O> body) {
        return new FakeStep<>(name, Objects.requireNonNull(body, "body"));
    }

    /**
     * A step with service level objectives, as {@code @LatencySlo} and {@code @AvailabilitySlo} declare them.
     *
     * @param name the step's name
     * @param body what it does
     * @param objectives its objectives
     * @param <I> the input type
     * @param <O> the output type
     * @return the step
     */
    public static <I, O> WorkflowPrimitive<I, O> withSlos(String name, Body<I, O> body,
            ServiceLevelObjective... objectives) {
        return new FakeStep<>(name, Objects.requireNonNull(body, "body"), objectives);
    }

    /**
     * A step that returns its input after recording a cost.
     *
     * @param name the step's name
     * @param cost what each execution costs
     * @param <T> the input and output type
     * @return the step
     */
    public static <T> WorkflowPrimitive<T, T> costing(String name, Cost cost) {
        Objects.requireNonNull(cost, "cost");
        return new FakeStep<>(name, (T input, WorkflowContext context) -> {
            context.recordCost(cost);
            return input;
        });
    }

    /**
     * A step that always throws this exception (the same instance each time).
     *
     * @param name the step's name
     * @param failure what it throws
     * @param <I> the input type
     * @param <O> the output type
     * @return the step
     */
    public static <I, O> WorkflowPrimitive<I, O> failing(String name, Exception failure) {
        Objects.requireNonNull(failure, "failure");
        return new FakeStep<>(name, (input, context) -> {
            throw failure;
        });
    }

    /**
     * A step that fails its first {@code failures} executions with an {@link IllegalStateException}, then applies
     * the function: what a retry is for.
     *
     * @param name the step's name
     * @param failures how many executions fail
     * @param body what the later executions do
     * @param <I> the input type
     * @param <O> the output type
     * @return the step
     */
    public static <I, O> WorkflowPrimitive<I, O> failingTimes(String name, int failures, Function<I, O> body) {
        Objects.requireNonNull(body, "body");
        AtomicInteger calls = new AtomicInteger();
        return new FakeStep<>(name, (input, context) -> {
            int call = calls.incrementAndGet();
            if (call <= failures) {
                throw new IllegalStateException(name + " fails (call " + call + " of " + failures + " failing)");
            }
            return body.apply(input);
        });
    }

    /**
     * The body of a scripted step.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    @FunctionalInterface
    public interface Body<I, O> {

        /**
         * Runs the step.
         *
         * @param input the input
         * @param context the step's own context
         * @return the output
         * @throws Exception anything; the step's span records it
         */
        O apply(I input, WorkflowContext context) throws Exception;
    }

    /** What the processor generates for an {@code @Observed} step, written once by hand. */
    private static final class FakeStep<I, O> extends WorkflowPrimitive<I, O> {
        private final PrimitiveTelemetry telemetry;
        private final Body<I, O> body;

        FakeStep(String name, Body<I, O> body, ServiceLevelObjective... objectives) {
            this.telemetry = PrimitiveTelemetry.forStep(name, FakeStep.class, objectives);
            this.body = body;
        }

        @Override
        public String name() {
            return telemetry.name();
        }

        @Override
        public O execute(I input, WorkflowContext context) throws Exception {
            Invocation invocation = telemetry.begin(context, input);
            try {
                return invocation.returned(body.apply(input, invocation.context()));
            } catch (Throwable failure) {
                invocation.fail(failure);
                throw failure;
            } finally {
                invocation.end();
            }
        }
    }
}
