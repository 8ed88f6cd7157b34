package dev.tta.workflow.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class written by the tta-workflow annotation processor.
 *
 * <p>It is retained in class files (unlike {@code javax.annotation.processing.Generated}), so coverage tools that
 * skip generated code, JaCoCo among them, leave {@code Instrumented*} classes out of users' coverage reports.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WorkflowGenerated {
}
