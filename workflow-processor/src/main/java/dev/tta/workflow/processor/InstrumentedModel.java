package dev.tta.workflow.processor;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.TypeMirror;

/**
 * Everything {@link InstrumentedWriter} needs to write one {@code Instrumented*} class, decided and validated by
 * {@link ModelFactory}. Immutable; lists are in source order, so the output is reproducible.
 *
 * @param annotatedType the class or interface carrying {@code @Observed} (or {@code @Observed} methods): the
 *     supertype and the only originating element
 * @param packageName the package of both types ({@code ""} for the unnamed package)
 * @param generatedName the simple name of the generated class, e.g. {@code InstrumentedOuter_Inner}
 * @param shape a subclass of a class, or a decorator of an interface
 * @param isPublic whether the generated class is public (exactly when the annotated type is)
 * @param isAbstract whether the generated class is abstract (exactly when the annotated class is)
 * @param deprecated whether the annotated type or a type enclosing it is deprecated, so that naming it is not a
 *     deprecation warning
 * @param serializable whether the type is {@code Serializable}, so that a {@code serialVersionUID} is due
 * @param javaxGenerated whether {@code javax.annotation.processing.Generated} can be used where the type is
 * @param suppressedWarnings the warnings the user suppressed on the annotated type and the types enclosing it,
 *     suppressed on the generated class too, since its declarations repeat the user's
 * @param typeParameters the type parameters the generated class redeclares: those of the enclosing classes of an
 *     inner class, outermost first, then the annotated type's own
 * @param supertype the annotated type as the generated class extends or implements it, e.g. {@code Outer<T>.Inner}
 * @param constructors for a subclass, one per non-private constructor of the annotated class
 * @param step for a workflow step annotated on its class, the {@code execute} override and its telemetry
 * @param telemetry the static telemetry handles of the traced methods, in order of first use
 * @param attributeKeys the static attribute keys of the traced methods' parameters, in order of first use
 * @param methods the overridden methods, traced or (in a decorator) only forwarded, in source order
 * @param delegateField for a decorator, the name of the delegate field (and constructor parameter)
 */
record InstrumentedModel(
        TypeElement annotatedType,
        String packageName,
        String generatedName,
        Shape shape,
        boolean isPublic,
        boolean isAbstract,
        boolean deprecated,
        boolean serializable,
        boolean javaxGenerated,
        List<String> suppressedWarnings,
        List<TypeParameterElement> typeParameters,
        TypeMirror supertype,
        List<Constructor> constructors,
        Optional<Step> step,
        List<TelemetryField> telemetry,
        List<AttributeKeyField> attributeKeys,
        List<Method> methods,
        String delegateField) {

    InstrumentedModel {
        suppressedWarnings = List.copyOf(suppressedWarnings);
        typeParameters = List.copyOf(typeParameters);
        constructors = List.copyOf(constructors);
        telemetry = List.copyOf(telemetry);
        attributeKeys = List.copyOf(attributeKeys);
        methods = List.copyOf(methods);
    }

    /** What the generated class is to the annotated type. */
    enum Shape {
        /** {@code class InstrumentedX extends X}, overriding methods and calling {@code super}. */
        SUBCLASS,
        /** {@code class InstrumentedX implements X}, forwarding every method to a delegate. */
        DECORATOR
    }

    /** The access of an overriding method: the same as the overridden one's. */
    enum Access {
        PUBLIC,
        PROTECTED,
        PACKAGE
    }

    /**
     * A parameter of a mirrored constructor or of an overridden method.
     *
     * @param name the name in the user's source (or {@code argN} from a class file compiled without
     *     {@code -parameters})
     * @param type the type, with its type-use annotations
     */
    record Parameter(String name, TypeMirror type) {
    }

    /**
     * A type parameter of an overridden method, with its bounds as seen from the annotated type.
     *
     * @param name the name
     * @param bounds the bounds, {@code Object} included when written (the writer leaves a plain one out)
     */
    record TypeParameter(String name, List<TypeMirror> bounds) {

        TypeParameter {
            bounds = List.copyOf(bounds);
        }
    }

    /**
     * A constructor that the generated class mirrors and that calls {@code super} with its parameters.
     *
     * @param isPublic public (for public and protected originals) or package-private
     * @param typeParameters the constructor's own type parameters
     * @param enclosingInstance for an inner class, the leading parameter that receives the enclosing instance
     *     ({@code outer.super(...)})
     * @param parameters the parameters, the last one an array when {@code varargs}
     * @param varargs whether the last parameter is variable-arity
     * @param thrown the {@code throws} clause
     * @param safeVarargs whether the original carries {@code @SafeVarargs}
     * @param uncheckedVarargs whether the varargs type is not reifiable (and not {@code @SafeVarargs}), which
     *     {@code -Xlint:unchecked} reports on the declaration
     * @param deprecated whether the original is deprecated
     * @param suppressedWarnings the warnings suppressed on the original, suppressed on the mirror too
     */
    record Constructor(
            boolean isPublic,
            List<TypeParameterElement> typeParameters,
            Optional<Parameter> enclosingInstance,
            List<Parameter> parameters,
            boolean varargs,
            List<TypeMirror> thrown,
            boolean safeVarargs,
            boolean uncheckedVarargs,
            boolean deprecated,
            List<String> suppressedWarnings) {

        Constructor {
            suppressedWarnings = List.copyOf(suppressedWarnings);
            typeParameters = List.copyOf(typeParameters);
            parameters = List.copyOf(parameters);
            thrown = List.copyOf(thrown);
        }
    }

    /**
     * The {@code execute} override of a workflow step, with types as seen from the annotated class
     * ({@code WorkflowPrimitive<I, O>} resolved to the class's arguments).
     *
     * @param stepName the name in spans, metrics, logs and {@code name()}
     * @param workflow the workflow of {@code @Observed(workflow)}, {@code ""} for none
     * @param slos the step's service level objectives
     * @param returnType the return type
     * @param parameters the input and the context, with the user's names
     * @param thrown the exact {@code throws} clause of the most specific implementation
     * @param attributes span attributes from {@code @Observed.Attribute} parameters
     * @param invocationVariable the local variable for the invocation, distinct from the parameter names
     * @param failureVariable the catch parameter, distinct from the parameter names
     * @param deprecated whether the overridden implementation is deprecated
     * @param suppressedWarnings the warnings suppressed on the overridden implementation, suppressed on the override
     * @param source where the overridden {@code execute} is written, if the compiler says
     */
    record Step(
            String stepName,
            String workflow,
            List<Slo> slos,
            TypeMirror returnType,
            List<Parameter> parameters,
            List<TypeMirror> thrown,
            List<Attribute> attributes,
            String invocationVariable,
            String failureVariable,
            boolean deprecated,
            List<String> suppressedWarnings,
            Optional<SourceLocation> source) {

        Step {
            suppressedWarnings = List.copyOf(suppressedWarnings);
            slos = List.copyOf(slos);
            parameters = List.copyOf(parameters);
            thrown = List.copyOf(thrown);
            attributes = List.copyOf(attributes);
        }
    }

    /**
     * A static telemetry handle: {@code PrimitiveTelemetry.forMethod(spanName, AnnotatedType.class, methodName,
     * objectives...)}. Overloads with the same span name share one.
     *
     * @param field the field name, e.g. {@code PLACE_ORDER}
     * @param spanName the span name, e.g. {@code OrderService.placeOrder}
     * @param methodName the method name, for {@code code.function.name}
     * @param workflow the workflow of {@code @Observed(workflow)} on the method or its type, {@code ""} for none
     * @param slos the method's service level objectives, its type's included
     * @param source where the method (the first of overloads sharing the handle) is written, if the compiler says
     */
    record TelemetryField(String field, String spanName, String methodName, String workflow, List<Slo> slos,
            Optional<SourceLocation> source) {

        TelemetryField {
            slos = List.copyOf(slos);
        }
    }

    /**
     * Where a method is written: {@code code.file.path} and {@code code.line.number}.
     *
     * @param file the path relative to the source root, e.g. {@code com/acme/Validate.java}
     * @param line the line of the declaration, from 1
     */
    record SourceLocation(String file, long line) {
    }

    /** What a service level objective measures. */
    enum SloKind {
        /** {@code @LatencySlo}. */
        LATENCY,
        /** {@code @AvailabilitySlo}. */
        AVAILABILITY
    }

    /**
     * A service level objective, read and validated from {@code @LatencySlo} or {@code @AvailabilitySlo}.
     *
     * @param name the objective's name, defaults resolved ({@code latency-300ms}, {@code availability})
     * @param kind latency or availability
     * @param target the share of good events, strictly between 0 and 1
     * @param thresholdMillis the latency threshold, positive; 0 for availability
     * @param periodDays the compliance period, 1 to 365 days
     */
    record Slo(String name, SloKind kind, double target, long thresholdMillis, int periodDays) {
    }

    /** The OpenTelemetry type of an attribute, which picks the {@code AttributeKey} factory. */
    enum KeyType {
        STRING,
        LONG,
        DOUBLE,
        BOOLEAN,
        STRING_ARRAY,
        LONG_ARRAY,
        DOUBLE_ARRAY,
        BOOLEAN_ARRAY
    }

    /**
     * A static attribute key, shared by every parameter recorded under the same key with the same type.
     *
     * @param field the field name, e.g. {@code ORDER_ID}
     * @param type the attribute type
     * @param key the key, e.g. {@code order.id}
     */
    record AttributeKeyField(String field, KeyType type, String key) {
    }

    /** How a parameter value becomes the attribute value, decided from its declared type. */
    enum Conversion {
        /** The value as it is: {@code String}, {@code long}, {@code double}, {@code boolean} and their boxes. */
        AS_IS,
        /** {@code (long) value}, for {@code int}, {@code short} and {@code byte}. */
        CAST_LONG,
        /** {@code (double) value}, for {@code float}. */
        CAST_DOUBLE,
        /** {@code AttributeValues.longValue(value)}, for integral boxes other than {@code Long}. */
        LONG_VALUE,
        /** {@code AttributeValues.doubleValue(value)}, for {@code Float}. */
        DOUBLE_VALUE,
        /** {@code AttributeValues.longs(value)}, for integral arrays and lists. */
        LONGS,
        /** {@code AttributeValues.doubles(value)}, for floating-point arrays and lists. */
        DOUBLES,
        /** {@code AttributeValues.booleans(value)}, for boolean arrays and lists. */
        BOOLEANS,
        /** {@code AttributeValues.strings(value)}, for string arrays and lists. */
        STRINGS,
        /** {@code String.valueOf(value)}, for {@code char}. */
        CHAR,
        /** {@code AttributeValues.text(value)}: anything else, by {@code String.valueOf}. */
        TEXT
    }

    /**
     * One {@code @Observed.Attribute} parameter.
     *
     * @param keyField the key's field
     * @param parameter the parameter's name
     * @param conversion how its value becomes the attribute's
     */
    record Attribute(String keyField, String parameter, Conversion conversion) {
    }

    /**
     * An overridden method: traced (with its telemetry field) or, in a decorator, only forwarded to the delegate.
     *
     * @param name the method name
     * @param access the access, as the overridden method's
     * @param typeParameters the method's own type parameters
     * @param returnType the return type, as seen from the annotated type
     * @param parameters the parameters
     * @param varargs whether the last parameter is variable-arity
     * @param thrown the {@code throws} clause
     * @param deprecated whether the overridden method is deprecated
     * @param uncheckedVarargs whether the varargs type is not reifiable, which {@code -Xlint:unchecked} reports on
     *     the declaration
     * @param suppressedWarnings the warnings suppressed on the overridden method (and, for an inherited one, on the
     *     types enclosing it), suppressed on the override too
     * @param telemetryField the telemetry handle, empty for a method only forwarded
     * @param async whether it returns a {@code CompletionStage}, whose completion ends the span
     * @param attributes span attributes from {@code @Observed.Attribute} parameters
     * @param invocationVariable the local variable for the invocation, distinct from the parameter names
     * @param failureVariable the catch parameter, distinct from the parameter names
     */
    record Method(
            String name,
            Access access,
            List<TypeParameter> typeParameters,
            TypeMirror returnType,
            List<Parameter> parameters,
            boolean varargs,
            List<TypeMirror> thrown,
            boolean deprecated,
            boolean uncheckedVarargs,
            List<String> suppressedWarnings,
            Optional<String> telemetryField,
            boolean async,
            List<Attribute> attributes,
            String invocationVariable,
            String failureVariable) {

        Method {
            suppressedWarnings = List.copyOf(suppressedWarnings);
            typeParameters = List.copyOf(typeParameters);
            parameters = List.copyOf(parameters);
            thrown = List.copyOf(thrown);
            attributes = List.copyOf(attributes);
        }
    }
}
