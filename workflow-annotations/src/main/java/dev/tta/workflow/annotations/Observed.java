package dev.tta.workflow.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code for compile-time instrumentation: the tta-workflow annotation processor writes a class named
 * {@code Instrumented<Name>} in the same package (a nested class {@code Outer.Inner} gives
 * {@code InstrumentedOuter_Inner}) whose methods run the original ones, each call in its own OpenTelemetry span with
 * its latency recorded in HdrHistogram and OpenTelemetry metrics and trace ids in the SLF4J MDC. Use the generated
 * class where you would have used yours.
 *
 * <ul>
 *   <li><b>A workflow step</b> (a class extending {@code dev.tta.workflow.WorkflowPrimitive}): the generated subclass
 *       overrides {@code execute}; its span is a child of the span in the {@code WorkflowContext} it is given.</li>
 *   <li><b>Any other non-final class</b>: the generated subclass overrides the public and protected methods declared
 *       in the class that are neither static, final nor abstract (less those marked {@link Exclude}), and mirrors
 *       every non-private constructor. Calls the class makes to its own methods ({@code this.other()}) are traced
 *       too. For an abstract class the generated class is abstract as well: extend it instead of yours.</li>
 *   <li><b>An interface</b>: the generated class is a decorator, {@code new InstrumentedRepository(repository)}, that
 *       traces every abstract and default method (inherited ones included) and forwards it to the delegate.</li>
 *   <li><b>A method</b> (of a class or an interface): only that method is traced, however its type is annotated. Use
 *       it for package-private methods, or to give one method its own {@link #name()}.</li>
 * </ul>
 *
 * <p>The span is named {@code Type.method} ({@code Type} being the simple name of the annotated type, or its
 * {@link #name()}), and its parent is the OpenTelemetry context current when the method is called. A method that
 * returns a {@code CompletionStage} (a {@code CompletableFuture}, say) keeps its span open until the stage completes,
 * and returns the very stage it produced, so that {@code cancel()} still reaches the work.
 *
 * <p>Misuse (a final or private class, a record or enum, no accessible constructor, {@code @Observed} on a static,
 * private, final or abstract method...) is a compile error on the element, saying how to fix it: an annotation that
 * silently does nothing is never possible.
 *
 * <p>Service level objectives are declared next to it with {@link LatencySlo} and {@link AvailabilitySlo}.
 *
 * <p>Not to be confused with Micrometer's {@code io.micrometer.observation.annotation.Observed}, which needs an AOP
 * runtime: the processor warns when a workflow step carries Micrometer's annotation instead of this one.
 *
 * <p>Retained at run time so that the runtime can tell, once per class, when an {@code @Observed} step was
 * constructed directly instead of through its generated {@code Instrumented} class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Observed {

    /**
     * On a workflow step: the name of the step in spans, metrics, logs and {@code name()}; defaults to the simple name
     * of the class. On another type: what replaces the type's simple name in its span names ({@code name.method}). On
     * a method: the whole span name; defaults to {@code Type.method}. Keep it low-cardinality: it becomes a metric
     * attribute.
     *
     * @return the name, or an empty string for the default
     */
    String name() default "";

    /**
     * The workflow this code belongs to in the operational artifacts generated from the processor's descriptor
     * ({@code META-INF/tta-workflow/primitives.json}): its dashboard and alert rules. Write the name given to
     * {@code WorkflowContext.start(name)}, which is the {@code workflow.name} attribute of the metrics at run time,
     * so that the generated queries select this primitive's series in that workflow. It changes nothing at run time.
     *
     * <p>On a method it replaces the workflow of the method's type; empty means the type's workflow, or none. An
     * observed method's metrics carry the workflow of the workflow step it runs in, and none when it runs outside any
     * workflow: declare a workflow for methods that the workflow's steps call. Code without a workflow is listed
     * with the workflow {@code ""}, which the generated artifacts group under {@code workflows}, whatever workflow
     * it then runs in.
     *
     * @return the workflow's name, or an empty string for none
     */
    String workflow() default "";

    /**
     * Leaves a method out of the methods that {@code @Observed} on its class or interface traces. An interface
     * decorator still forwards it to the delegate, untraced.
     */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    @interface Exclude {
    }

    /**
     * Records a parameter of a traced method as an attribute of the method's span, never of its metrics (values are
     * high-cardinality). Strings, integral and floating-point numbers, booleans, their arrays and their {@code List}s
     * keep their OpenTelemetry type; any other value is recorded as {@code String.valueOf(value)}. A null value
     * records nothing.
     *
     * <pre>{@code
     * @Observed
     * public Receipt charge(@Observed.Attribute("order.id") String orderId, @Observed.Attribute long cents) { ... }
     * }</pre>
     *
     * <p>The parameter must belong to a traced method: anywhere else it is a compile error.
     */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.PARAMETER)
    @interface Attribute {

        /**
         * The attribute key, for example {@code "order.id"}. Defaults to the parameter's name as written in the
         * source: the processor reads it at compile time, so javac's {@code -parameters} flag is not needed.
         *
         * @return the key, or an empty string for the parameter's name
         */
        String value() default "";
    }
}
