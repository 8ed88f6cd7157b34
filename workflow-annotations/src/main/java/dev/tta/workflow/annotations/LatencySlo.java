package dev.tta.workflow.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A latency service level objective: at least {@link #target()} of the successful executions finish within
 * {@link #thresholdMillis()}, over a rolling compliance period of {@link #periodDays()} days.
 *
 * <pre>{@code
 * @Observed(workflow = "support-agent")
 * @LatencySlo(target = 0.99, thresholdMillis = 300)      // 99 % of successful calls within 300 ms
 * @LatencySlo(target = 0.9, thresholdMillis = 100)       // and 90 % within 100 ms
 * @AvailabilitySlo(target = 0.999)                        // 99.9 % of calls succeed
 * public class CallModel extends WorkflowPrimitive<Prompt, Answer> { ... }
 * }</pre>
 *
 * <p><b>Events.</b> Only successful executions count: a <em>good</em> event is an execution that returned within the
 * threshold (its duration at most {@code thresholdMillis}), a <em>bad</em> one an execution that returned later. A
 * failed execution is no event at all for a latency objective (it is what {@link AvailabilitySlo} counts), so that a
 * fast failure never looks like good latency. The duration is the one the execution's span and the
 * {@code workflow.primitive.duration} histogram record; for a method returning a {@code CompletionStage}, until the
 * stage completes.
 *
 * <p><b>Where it applies.</b> On a workflow step class, to the step. On another class or interface carrying
 * {@code @Observed}, to every method it traces, each its own primitive with its own objective state. On a traced
 * method (by {@code @Observed} on it or on its type), to that method; an objective of the method replaces the one
 * of the same name declared on its type. Anywhere else, and with invalid values, it is a compile error.
 *
 * <p><b>What it produces.</b> At run time the tta-workflow runtime counts good and bad events per objective
 * ({@code WorkflowTelemetry.sloStatuses()}: good and total over the period, error budget left, burn rates over 5 min,
 * 30 min, 1 h, 6 h and 3 days) and exports them: the counter {@code workflow.slo.events}
 * ({@code workflow.slo.kind="latency"}, {@code workflow.slo.result} {@code good} or {@code bad}) and the gauges
 * {@code workflow.slo.objective}, {@code workflow.slo.error_budget.remaining} and {@code workflow.slo.burn_rate}. At
 * compile time the annotation processor lists the objective in {@code META-INF/tta-workflow/primitives.json}, from
 * which recording and multiwindow burn-rate alerting rules and dashboards are generated; their error ratio is
 * {@code bad / (good + bad)} of {@code workflow.slo.events}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(LatencySlo.List.class)
public @interface LatencySlo {

    /**
     * The objective's name, unique among the objectives of one primitive: the {@code workflow.slo.name} metric
     * attribute. Keep it short and stable; renaming it starts a new series.
     *
     * @return the name, or an empty string for {@code latency-<thresholdMillis>ms}, e.g. {@code latency-300ms}
     */
    String name() default "";

    /**
     * The share of successful executions that must finish within the threshold, strictly between 0 and 1:
     * {@code 0.99} for 99 %. The error budget is {@code 1 - target}.
     *
     * @return the target ratio
     */
    double target() default 0.99;

    /**
     * The latency threshold in milliseconds, greater than zero: an execution taking at most this long is good.
     *
     * @return the threshold
     */
    long thresholdMillis() default 300;

    /**
     * The rolling compliance period in days, from 1 to 365: the window over which the error budget is spent.
     *
     * @return the period
     */
    int periodDays() default 30;

    /**
     * Holds several {@link LatencySlo}s on one element; written by the compiler when {@code @LatencySlo} is repeated,
     * rarely by hand.
     */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface List {

        /**
         * The objectives.
         *
         * @return the objectives, in source order
         */
        LatencySlo[] value();
    }
}
