package dev.tta.workflow.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeMirror;

/**
 * Writes the source of an {@code Instrumented*} class from an {@link InstrumentedModel}. The only class that uses
 * JavaPoet (with {@link TypeNames}); it makes no decisions the model has not made.
 *
 * <p>The output is part of the product, read by users in their IDE and stepped through in a debugger: a static
 * telemetry handle, one mirror per constructor, {@code name()}, and an {@code execute} that wraps
 * {@code super.execute} in begin / fail / end calls on the runtime. Same input, same bytes: no dates, no versions.
 */
final class InstrumentedWriter {

    /** The processor's name in {@code @Generated}; a string so that renaming the class is a visible change. */
    static final String GENERATOR = "dev.tta.workflow.processor.ObservedProcessor";

    private static final String TELEMETRY = "TELEMETRY";

    /**
     * The generated source file.
     *
     * @param model the validated model
     * @return the file, ready for {@link JavaFile#writeTo(javax.annotation.processing.Filer)}
     */
    JavaFile write(InstrumentedModel model) {
        ClassName annotated = ClassName.get(model.annotatedType());
        List<TypeVariableName> typeVariables =
                model.typeParameters().stream().map(TypeNames::declaration).toList();
        // Type variables print their bounds only where declared, so the same names serve as Echo<T>'s arguments.
        TypeName superclass = typeVariables.isEmpty()
                ? annotated
                : ParameterizedTypeName.get(annotated, typeVariables.toArray(TypeName[]::new));

        TypeSpec.Builder type = TypeSpec.classBuilder(model.generatedName())
                .addOriginatingElement(model.annotatedType())
                // A user's nested class named Invocation or WorkflowContext must not shadow the runtime's.
                .avoidClashesWithNestedClasses(model.annotatedType())
                .addJavadoc("Observed {@link $T}: every {@code execute} call runs in its own span, child of the "
                        + "caller's span, with its\n", annotated)
                .addJavadoc("latency, outcome and logs recorded by the tta-workflow runtime. Written by the "
                        + "tta-workflow annotation processor\n")
                .addJavadoc("from {@code @Observed} on {@link $T}; do not edit.\n", annotated);
        if (model.javaxGenerated()) {
            type.addAnnotation(AnnotationSpec.builder(RuntimeNames.JAVAX_GENERATED)
                    .addMember("value", "$S", GENERATOR)
                    .build());
        }
        type.addAnnotation(RuntimeNames.WORKFLOW_GENERATED);
        if (model.deprecated()) {
            // Extending a deprecated class is a warning unless the subclass is deprecated too.
            type.addAnnotation(Deprecated.class);
        }
        if (model.isPublic()) {
            type.addModifiers(Modifier.PUBLIC);
        }
        if (model.isAbstract()) {
            type.addModifiers(Modifier.ABSTRACT);
        }
        type.addTypeVariables(typeVariables).superclass(superclass);

        if (model.serializable()) {
            // -Xlint:serial flags a Serializable class without one; the subclass adds no state to version.
            type.addField(FieldSpec.builder(long.class, "serialVersionUID",
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("1L")
                    .build());
        }
        type.addField(FieldSpec.builder(RuntimeNames.PRIMITIVE_TELEMETRY, TELEMETRY,
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.forStep($S, $T.class)", RuntimeNames.PRIMITIVE_TELEMETRY, model.stepName(),
                        annotated)
                .build());
        for (InstrumentedModel.Constructor constructor : model.constructors()) {
            type.addMethod(constructor(constructor));
        }
        type.addMethod(MethodSpec.methodBuilder(RuntimeNames.NAME)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $L.name()", TELEMETRY)
                .build());
        type.addMethod(execute(model.execute()));

        return JavaFile.builder(model.packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("  ")
                .build();
    }

    private static MethodSpec constructor(InstrumentedModel.Constructor constructor) {
        MethodSpec.Builder method = MethodSpec.constructorBuilder();
        if (constructor.deprecated()) {
            method.addAnnotation(Deprecated.class);
        }
        if (constructor.safeVarargs()) {
            // Passing the varargs array on to super(...) is what -Xlint:varargs flags; it is as safe as the
            // original constructor, which its author declared @SafeVarargs.
            method.addAnnotation(SafeVarargs.class).addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                    .addMember("value", "$S", "varargs")
                    .build());
        }
        if (constructor.isPublic()) {
            method.addModifiers(Modifier.PUBLIC);
        }
        constructor.typeParameters().forEach(parameter -> method.addTypeVariable(TypeNames.declaration(parameter)));
        addParameters(method, constructor.parameters());
        return method.varargs(constructor.varargs())
                .addExceptions(typeNames(constructor.thrown()))
                .addStatement("super($L)", argumentList(constructor.parameters()))
                .build();
    }

    private static MethodSpec execute(InstrumentedModel.Execute execute) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(RuntimeNames.EXECUTE).addAnnotation(Override.class);
        if (execute.deprecated()) {
            method.addAnnotation(Deprecated.class);
        }
        method.addModifiers(Modifier.PUBLIC).returns(TypeNames.of(execute.returnType()));
        addParameters(method, execute.parameters());
        String input = execute.parameters().get(0).name();
        String context = execute.parameters().get(1).name();
        String invocation = execute.invocationVariable();
        String failure = execute.failureVariable();
        // catch (Throwable) + throw compiles with the original throws clause thanks to precise rethrow (Java 7),
        // and rethrows the very same instance: no wrapping, no suppressed exceptions.
        return method.addExceptions(typeNames(execute.thrown()))
                .addStatement("$T $L = $L.begin($L)", RuntimeNames.INVOCATION, invocation, TELEMETRY, context)
                .beginControlFlow("try")
                .addStatement("return super.$L($L, $L.context())", RuntimeNames.EXECUTE, input, invocation)
                .nextControlFlow("catch ($T $L)", Throwable.class, failure)
                .addStatement("$L.fail($L)", invocation, failure)
                .addStatement("throw $L", failure)
                .nextControlFlow("finally")
                .addStatement("$L.end()", invocation)
                .endControlFlow()
                .build();
    }

    private static void addParameters(MethodSpec.Builder method, List<InstrumentedModel.Parameter> parameters) {
        for (InstrumentedModel.Parameter parameter : parameters) {
            method.addParameter(ParameterSpec.builder(TypeNames.of(parameter.type()), parameter.name()).build());
        }
    }

    private static List<TypeName> typeNames(List<TypeMirror> types) {
        return types.stream().map(TypeNames::of).toList();
    }

    private static String argumentList(List<InstrumentedModel.Parameter> parameters) {
        return parameters.stream().map(InstrumentedModel.Parameter::name).collect(Collectors.joining(", "));
    }
}
