package dev.tta.workflow.processor;

import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.TypeMirror;

/**
 * Everything {@link InstrumentedWriter} needs to write one {@code Instrumented*} class, decided and validated by
 * {@link ObservedValidator}. Immutable; lists are in source order, so the output is reproducible.
 *
 * @param annotatedType the {@code @Observed} class: the superclass and the only originating element
 * @param packageName the package of both classes ({@code ""} for the unnamed package)
 * @param generatedName the simple name of the generated class, e.g. {@code InstrumentedOuter_Inner}
 * @param stepName the name in spans, metrics, logs and {@code name()}
 * @param isPublic whether the generated class is public (exactly when the annotated class is)
 * @param isAbstract whether the generated class is abstract (exactly when the annotated class is)
 * @param deprecated whether the annotated class is deprecated, so that extending it is not a deprecation warning
 * @param serializable whether the class is {@code Serializable}, so that a {@code serialVersionUID} is due
 * @param javaxGenerated whether {@code javax.annotation.processing.Generated} can be used where the class is
 * @param typeParameters the type parameters of the annotated class, redeclared by the generated class
 * @param constructors one per non-private constructor of the annotated class
 * @param execute the {@code execute} override
 */
record InstrumentedModel(
        TypeElement annotatedType,
        String packageName,
        String generatedName,
        String stepName,
        boolean isPublic,
        boolean isAbstract,
        boolean deprecated,
        boolean serializable,
        boolean javaxGenerated,
        List<TypeParameterElement> typeParameters,
        List<Constructor> constructors,
        Execute execute) {

    InstrumentedModel {
        typeParameters = List.copyOf(typeParameters);
        constructors = List.copyOf(constructors);
    }

    /**
     * A parameter of a mirrored constructor or of {@code execute}.
     *
     * @param name the name in the user's source (or {@code argN} from a class file compiled without
     *     {@code -parameters})
     * @param type the type, with its type-use annotations
     */
    record Parameter(String name, TypeMirror type) {
    }

    /**
     * A constructor that the generated class mirrors and that calls {@code super} with its parameters.
     *
     * @param isPublic public (for public and protected originals) or package-private
     * @param typeParameters the constructor's own type parameters
     * @param parameters the parameters, the last one an array when {@code varargs}
     * @param varargs whether the last parameter is variable-arity
     * @param thrown the {@code throws} clause
     * @param safeVarargs whether the original carries {@code @SafeVarargs}
     * @param deprecated whether the original is deprecated
     */
    record Constructor(
            boolean isPublic,
            List<TypeParameterElement> typeParameters,
            List<Parameter> parameters,
            boolean varargs,
            List<TypeMirror> thrown,
            boolean safeVarargs,
            boolean deprecated) {

        Constructor {
            typeParameters = List.copyOf(typeParameters);
            parameters = List.copyOf(parameters);
            thrown = List.copyOf(thrown);
        }
    }

    /**
     * The {@code execute} override, with types as seen from the annotated class ({@code WorkflowPrimitive<I, O>}
     * resolved to the class's arguments).
     *
     * @param returnType the return type
     * @param parameters the input and the context, with the user's names
     * @param thrown the exact {@code throws} clause of the most specific implementation
     * @param invocationVariable the local variable for the invocation, distinct from the parameter names
     * @param failureVariable the catch parameter, distinct from the parameter names
     * @param deprecated whether the overridden implementation is deprecated
     */
    record Execute(
            TypeMirror returnType,
            List<Parameter> parameters,
            List<TypeMirror> thrown,
            String invocationVariable,
            String failureVariable,
            boolean deprecated) {

        Execute {
            parameters = List.copyOf(parameters);
            thrown = List.copyOf(thrown);
        }
    }
}
