package dev.tta.workflow.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An availability service level objective: at least {@link #target()} of the executions succeed, over a rolling
 * compliance period of {@link #periodDays()} days.
 *
 * <pre>{@code
 * @Observed
 * @AvailabilitySlo(target = 0.999)   // 99.9 % of executions succeed, over 30 days
 * public class ChargePayment extends WorkflowPrimitive<Order, Receipt> { ... }
 * }</pre>
 *
 * <p><b>Events.</b> Every execution is an event: <em>good</em> when it returned (whatever it returned), <em>bad</em>
 * when it threw (for a method returning a {@code CompletionStage}, when the stage completed exceptionally or was
 * cancelled). Good plus bad is the number of executions.
 *
 * <p><b>Where it applies.</b> As {@link LatencySlo}: on a workflow step class, to the step; on another class or
 * interface carrying {@code @Observed}, to every method it traces; on a traced method, to that method, replacing an
 * objective of the same name on its type. At most one per element (give the others a {@link LatencySlo} or a
 * method of their own). Anywhere else, and with invalid values, it is a compile error.
 *
 * <p><b>What it produces.</b> As {@link LatencySlo}, with {@code workflow.slo.kind="availability"}: in-process state
 * ({@code WorkflowTelemetry.sloStatuses()}), the {@code workflow.slo.events} counter and the
 * {@code workflow.slo.*} gauges at run time, and an entry in {@code META-INF/tta-workflow/primitives.json} for the
 * generated alerting rules and dashboards.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AvailabilitySlo {

    /**
     * The objective's name, unique among the objectives of one primitive: the {@code workflow.slo.name} metric
     * attribute.
     *
     * @return the name
     */
    String name() default "availability";

    /**
     * The share of executions that must succeed, strictly between 0 and 1: {@code 0.999} for 99.9 %. The error
     * budget is {@code 1 - target}.
     *
     * @return the target ratio
     */
    double target() default 0.999;

    /**
     * The rolling compliance period in days, from 1 to 365: the window over which the error budget is spent.
     *
     * @return the period
     */
    int periodDays() default 30;
}
