package dev.tta.workflow.processor;

import com.palantir.javapoet.ClassName;
import dev.tta.workflow.annotations.AvailabilitySlo;
import dev.tta.workflow.annotations.LatencySlo;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.annotations.WorkflowGenerated;

/**
 * Names of the types that generated code refers to or that the processor looks up.
 *
 * <p>The runtime types are spelled out rather than taken from {@code Class} objects: the processor runs on the
 * compiler's processor path, where {@code workflow-runtime} need not be present, and it must not depend on it. Keep
 * these in step with {@code workflow-runtime}; the processor's tests compile generated code against the real runtime,
 * so a renamed runtime type fails them.
 */
final class RuntimeNames {

    private RuntimeNames() {
    }

    /** The base class of every workflow step. */
    static final ClassName WORKFLOW_PRIMITIVE = ClassName.get("dev.tta.workflow", "WorkflowPrimitive");

    /** The per-class telemetry handle that generated code holds in a static field. */
    static final ClassName PRIMITIVE_TELEMETRY = ClassName.get("dev.tta.workflow.spi", "PrimitiveTelemetry");

    /** One running execution, returned by {@code PrimitiveTelemetry.begin}. */
    static final ClassName INVOCATION = ClassName.get("dev.tta.workflow.spi", "Invocation");

    /** Conversions of parameter values to attribute values, for {@code @Observed.Attribute}. */
    static final ClassName ATTRIBUTE_VALUES = ClassName.get("dev.tta.workflow.spi", "AttributeValues");

    /** OpenTelemetry's typed attribute key, for the static keys of {@code @Observed.Attribute} parameters. */
    static final ClassName ATTRIBUTE_KEY = ClassName.get("io.opentelemetry.api.common", "AttributeKey");

    /** The root of every asynchronous return type whose completion ends a span. */
    static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";

    /** The annotation this processor handles. */
    static final ClassName OBSERVED = ClassName.get(Observed.class);

    /** Opts a method out of the methods {@code @Observed} on its type traces. */
    static final ClassName EXCLUDE = ClassName.get(Observed.Exclude.class);

    /** Records a parameter as a span attribute. */
    static final ClassName ATTRIBUTE = ClassName.get(Observed.Attribute.class);

    /** A latency objective on a step, a type or a method. */
    static final ClassName LATENCY_SLO = ClassName.get(LatencySlo.class);

    /** The container javac writes for repeated {@code @LatencySlo}. */
    static final ClassName LATENCY_SLO_LIST = ClassName.get(LatencySlo.List.class);

    /** An availability objective on a step, a type or a method. */
    static final ClassName AVAILABILITY_SLO = ClassName.get(AvailabilitySlo.class);

    /** The runtime's objective, built by generated code from the annotations. */
    static final ClassName SERVICE_LEVEL_OBJECTIVE = ClassName.get("dev.tta.workflow.slo", "ServiceLevelObjective");

    /** The CLASS-retained marker on generated classes, which coverage tools recognise. */
    static final ClassName WORKFLOW_GENERATED = ClassName.get(WorkflowGenerated.class);

    /** The JDK's source-retained marker; only in the {@code java.compiler} module, so emitted only when readable. */
    static final ClassName JAVAX_GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    /** The module that holds {@link #JAVAX_GENERATED}. */
    static final String JAVA_COMPILER_MODULE = "java.compiler";

    /** Micrometer's annotation of the same simple name, which users import by mistake. */
    static final String MICROMETER_OBSERVED = "io.micrometer.observation.annotation.Observed";

    /** The aspect that gives Micrometer's {@code @Observed} its meaning, under Spring AOP or AspectJ. */
    static final String MICROMETER_ASPECT = "io.micrometer.observation.aop.ObservedAspect";

    /** The method every step implements and every generated class overrides. */
    static final String EXECUTE = "execute";

    /** The method generated classes override to return the compile-time step name. */
    static final String NAME = "name";

    /** The prefix of generated class names. */
    static final String GENERATED_PREFIX = "Instrumented";
}
