package dev.tta.workflow.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a workflow step for compile-time instrumentation.
 *
 * <p>For a class {@code Validate} that extends {@code dev.tta.workflow.WorkflowPrimitive}, the tta-workflow annotation
 * processor writes {@code InstrumentedValidate} in the same package (a nested class {@code Outer.Inner} gives
 * {@code InstrumentedOuter_Inner}). The generated subclass mirrors every accessible constructor and overrides
 * {@code execute} so that each call runs in its own OpenTelemetry span, child of the caller's span, with latency
 * recorded in HdrHistogram and OpenTelemetry metrics and trace ids in the SLF4J MDC. Instantiate the generated class
 * where you would have instantiated the step.
 *
 * <p>Misuse (a final or private class, no accessible constructor, a final {@code execute}, a class that is not a
 * {@code WorkflowPrimitive}) is a compile error on the annotated class: an annotation that silently does nothing is
 * never possible.
 *
 * <p>Not to be confused with Micrometer's {@code io.micrometer.observation.annotation.Observed}, which needs an AOP
 * runtime: the processor warns when a workflow step carries Micrometer's annotation instead of this one.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Observed {

    /**
     * The name of the step in spans, metrics, logs and {@code name()}. Defaults to the simple name of the annotated
     * class. Keep it low-cardinality: it becomes a metric attribute.
     *
     * @return the step name, or an empty string for the class's simple name
     */
    String name() default "";
}
