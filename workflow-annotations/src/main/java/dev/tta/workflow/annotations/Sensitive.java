package dev.tta.workflow.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a value that must never be written anywhere: an execution journal masks it before anything is serialised.
 *
 * <p>On a field, getter or record component, that property is masked wherever its class is recorded; on a class or
 * record, every value of that type is. Properties named like secrets ({@code password}, {@code token},
 * {@code secret}, {@code authorization}, {@code apiKey}...) are masked without it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface Sensitive {
}
