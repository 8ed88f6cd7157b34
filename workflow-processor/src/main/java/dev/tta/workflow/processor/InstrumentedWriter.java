package dev.tta.workflow.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Writes the source of an {@code Instrumented*} class from an {@link InstrumentedModel}. The only class that uses
 * JavaPoet (with {@link TypeNames}); it makes no decisions the model has not made.
 *
 * <p>The output is part of the product, read by users in their IDE and stepped through in a debugger: static
 * telemetry handles and attribute keys, one mirror per constructor (or the delegate for an interface), and each traced
 * method wrapped in begin / fail / end calls on the runtime, a few lines each. Same input, same bytes: no dates, no
 * versions.
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
        // Type variables print their bounds only where declared, so the plain names serve as the supertype's arguments.
        TypeName supertype = TypeNames.of(model.supertype());
        boolean decorator = model.shape() == InstrumentedModel.Shape.DECORATOR;

        TypeSpec.Builder type = TypeSpec.classBuilder(model.generatedName())
                .addOriginatingElement(model.annotatedType())
                // A user's nested class named Invocation or AttributeKey must not shadow the runtime's.
                .avoidClashesWithNestedClasses(model.annotatedType());
        // Nor a type variable named so (or Override, String...): such names are written fully qualified.
        Set<String> typeVariableNames = new TreeSet<>();
        model.typeParameters().forEach(parameter -> typeVariableNames.add(parameter.getSimpleName().toString()));
        model.methods().forEach(method -> method.typeParameters().forEach(parameter ->
                typeVariableNames.add(parameter.name())));
        model.constructors().forEach(constructor -> constructor.typeParameters().forEach(parameter ->
                typeVariableNames.add(parameter.getSimpleName().toString())));
        type.alwaysQualify(typeVariableNames.toArray(String[]::new));
        javadoc(type, model, annotated);
        if (model.javaxGenerated()) {
            type.addAnnotation(AnnotationSpec.builder(RuntimeNames.JAVAX_GENERATED)
                    .addMember("value", "$S", GENERATOR)
                    .build());
        }
        type.addAnnotation(RuntimeNames.WORKFLOW_GENERATED);
        if (model.deprecated()) {
            // Naming a deprecated type (or a type nested in one) is a warning unless the subtype is deprecated too.
            type.addAnnotation(Deprecated.class);
        }
        suppress(model.suppressedWarnings()).ifPresent(type::addAnnotation);
        if (model.isPublic()) {
            type.addModifiers(Modifier.PUBLIC);
        }
        if (model.isAbstract()) {
            type.addModifiers(Modifier.ABSTRACT);
        }
        type.addTypeVariables(typeVariables);
        if (decorator) {
            type.addSuperinterface(supertype);
        } else {
            type.superclass(supertype);
        }

        if (model.serializable()) {
            // -Xlint:serial flags a Serializable class without one; the subclass adds no state to version.
            type.addField(FieldSpec.builder(long.class, "serialVersionUID",
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("1L")
                    .build());
        }
        model.step().ifPresent(step -> type.addField(FieldSpec.builder(RuntimeNames.PRIMITIVE_TELEMETRY, TELEMETRY,
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(CodeBlock.of("$L$>$>\n.withValueTypes($L, $L)$<$<",
                        telemetry("forStep", withSource(CodeBlock.of("$S,$W$T.class", step.stepName(), annotated),
                                step.source()), step.slos()),
                        TypeTokens.of(step.parameters().get(0).type()), TypeTokens.of(step.returnType())))
                .build()));
        for (InstrumentedModel.TelemetryField field : model.telemetry()) {
            type.addField(FieldSpec.builder(RuntimeNames.PRIMITIVE_TELEMETRY, field.field(),
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer(telemetry("forMethod", withSource(CodeBlock.of("$S,$W$T.class,$W$S", field.spanName(),
                            annotated, field.methodName()), field.source()), field.slos()))
                    .build());
        }
        for (InstrumentedModel.AttributeKeyField key : model.attributeKeys()) {
            type.addField(attributeKey(key));
        }
        if (decorator) {
            type.addField(FieldSpec.builder(supertype, model.delegateField(), Modifier.PRIVATE, Modifier.FINAL)
                    .build());
            type.addMethod(decoratorConstructor(model, supertype));
        }
        for (InstrumentedModel.Constructor constructor : model.constructors()) {
            type.addMethod(constructor(constructor));
        }
        model.step().ifPresent(step -> {
            type.addMethod(MethodSpec.methodBuilder(RuntimeNames.NAME)
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(String.class)
                    .addStatement("return $L.name()", TELEMETRY)
                    .build());
            type.addMethod(execute(step));
        });
        String target = decorator ? model.delegateField() : "super";
        for (InstrumentedModel.Method method : model.methods()) {
            type.addMethod(method(method, target));
        }

        return JavaFile.builder(model.packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("  ")
                .build();
    }

    private static void javadoc(TypeSpec.Builder type, InstrumentedModel model, ClassName annotated) {
        if (model.shape() == InstrumentedModel.Shape.DECORATOR) {
            type.addJavadoc("Observed decorator of {@link $T}: forwards every call to the delegate, and runs each "
                            + "call of a traced\n", annotated)
                    .addJavadoc("method in its own span, child of the current span, with its latency, outcome and "
                            + "logs recorded by the\n")
                    .addJavadoc("tta-workflow runtime. Written by the tta-workflow annotation processor from "
                            + "{@code @Observed} on\n")
                    .addJavadoc("{@link $T}; do not edit.\n", annotated);
        } else if (model.step().isEmpty()) {
            type.addJavadoc("Observed {@link $T}: every call of a traced method runs in its own span, child of the "
                            + "current span,\n", annotated)
                    .addJavadoc("with its latency, outcome and logs recorded by the tta-workflow runtime. Written by "
                            + "the tta-workflow\n")
                    .addJavadoc("annotation processor from {@code @Observed} on {@link $T}; do not edit.\n",
                            annotated);
        } else if (!model.methods().isEmpty()) {
            type.addJavadoc("Observed {@link $T}: every {@code execute} call, and every call of a traced method, "
                            + "runs in its own span, child of\n", annotated)
                    .addJavadoc("the caller's span, with its latency, outcome and logs recorded by the tta-workflow "
                            + "runtime. Written by the\n")
                    .addJavadoc("tta-workflow annotation processor from {@code @Observed} on {@link $T}; do not "
                            + "edit.\n", annotated);
        } else {
            type.addJavadoc("Observed {@link $T}: every {@code execute} call runs in its own span, child of the "
                            + "caller's span, with its\n", annotated)
                    .addJavadoc("latency, outcome and logs recorded by the tta-workflow runtime. Written by the "
                            + "tta-workflow annotation processor\n")
                    .addJavadoc("from {@code @Observed} on {@link $T}; do not edit.\n", annotated);
        }
        if (model.isAbstract() && model.step().isEmpty()) {
            type.addJavadoc("\n<p>Abstract, as {@link $T} is: extend it where you would have extended {@link $T}.\n",
                    annotated, annotated);
        }
        if (model.constructors().stream().anyMatch(constructor -> constructor.enclosingInstance().isPresent())) {
            type.addJavadoc("\n<p>Its constructors take the enclosing instance first: {@code new $L(outer, ...)} "
                    + "stands for\n{@code outer.new $L(...)}.\n", model.generatedName(),
                    model.annotatedType().getSimpleName());
        }
    }

    /** The factory's arguments, then the source file and line when the compiler gave them ({@code code.*}). */
    private static CodeBlock withSource(CodeBlock arguments, Optional<InstrumentedModel.SourceLocation> source) {
        return source.map(at -> CodeBlock.of("$L,$W$S,$W$L", arguments, at.file(), at.line())).orElse(arguments);
    }

    /**
     * {@code PrimitiveTelemetry.forStep(...)} or {@code forMethod(...)}, with one service level objective a line
     * after the other arguments.
     */
    private static CodeBlock telemetry(String factory, CodeBlock arguments, List<InstrumentedModel.Slo> slos) {
        CodeBlock.Builder code = CodeBlock.builder()
                .add("$T.$L($L", RuntimeNames.PRIMITIVE_TELEMETRY, factory, arguments);
        if (slos.isEmpty()) {
            return code.add(")").build();
        }
        code.add(",$>$>");
        for (int i = 0; i < slos.size(); i++) {
            code.add("\n$L$L", slo(slos.get(i)), i < slos.size() - 1 ? "," : "");
        }
        return code.add(")$<$<").build();
    }

    private static CodeBlock slo(InstrumentedModel.Slo slo) {
        ClassName objective = RuntimeNames.SERVICE_LEVEL_OBJECTIVE;
        if (slo.kind() == InstrumentedModel.SloKind.LATENCY) {
            long millis = slo.thresholdMillis();
            return CodeBlock.of("$T.latency($S, $L, $T.ofMillis($L), $T.ofDays($L))", objective, slo.name(),
                    decimal(slo.target()), Duration.class, millis > Integer.MAX_VALUE ? millis + "L" : millis,
                    Duration.class, slo.periodDays());
        }
        return CodeBlock.of("$T.availability($S, $L, $T.ofDays($L))", objective, slo.name(), decimal(slo.target()),
                Duration.class, slo.periodDays());
    }

    /** {@code 0.99} rather than {@code 0.99d} or {@code 9.9E-1}: a plain decimal, as the user wrote it. */
    static String decimal(double value) {
        return BigDecimal.valueOf(value).toPlainString();
    }

    private static FieldSpec attributeKey(InstrumentedModel.AttributeKeyField key) {
        TypeName valueType = switch (key.type()) {
            case STRING -> ClassName.get(String.class);
            case LONG -> ClassName.get(Long.class);
            case DOUBLE -> ClassName.get(Double.class);
            case BOOLEAN -> ClassName.get(Boolean.class);
            case STRING_ARRAY -> ParameterizedTypeName.get(List.class, String.class);
            case LONG_ARRAY -> ParameterizedTypeName.get(List.class, Long.class);
            case DOUBLE_ARRAY -> ParameterizedTypeName.get(List.class, Double.class);
            case BOOLEAN_ARRAY -> ParameterizedTypeName.get(List.class, Boolean.class);
        };
        String factory = switch (key.type()) {
            case STRING -> "stringKey";
            case LONG -> "longKey";
            case DOUBLE -> "doubleKey";
            case BOOLEAN -> "booleanKey";
            case STRING_ARRAY -> "stringArrayKey";
            case LONG_ARRAY -> "longArrayKey";
            case DOUBLE_ARRAY -> "doubleArrayKey";
            case BOOLEAN_ARRAY -> "booleanArrayKey";
        };
        return FieldSpec.builder(ParameterizedTypeName.get(RuntimeNames.ATTRIBUTE_KEY, valueType), key.field(),
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.$L($S)", RuntimeNames.ATTRIBUTE_KEY, factory, key.key())
                .build();
    }

    private static MethodSpec decoratorConstructor(InstrumentedModel model, TypeName supertype) {
        String delegate = model.delegateField();
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
        if (model.isPublic()) {
            constructor.addModifiers(Modifier.PUBLIC);
        }
        return constructor.addParameter(supertype, delegate)
                .addStatement("this.$L = $T.requireNonNull($L, $S)", delegate, Objects.class, delegate,
                        delegate + " must not be null")
                .build();
    }

    private static MethodSpec constructor(InstrumentedModel.Constructor constructor) {
        MethodSpec.Builder method = MethodSpec.constructorBuilder();
        if (constructor.deprecated()) {
            method.addAnnotation(Deprecated.class);
        }
        List<String> suppressed = new ArrayList<>(constructor.suppressedWarnings());
        if (constructor.safeVarargs()) {
            // Passing the varargs array on to super(...) is what -Xlint:varargs flags; it is as safe as the
            // original constructor, which its author declared @SafeVarargs.
            method.addAnnotation(SafeVarargs.class);
            suppressed.add("varargs");
        } else if (constructor.uncheckedVarargs()) {
            // Declaring a non-reifiable varargs parameter is an unchecked warning, as on the original constructor.
            suppressed.add("unchecked");
        }
        suppress(suppressed).ifPresent(method::addAnnotation);
        if (constructor.isPublic()) {
            method.addModifiers(Modifier.PUBLIC);
        }
        constructor.typeParameters().forEach(parameter -> method.addTypeVariable(TypeNames.declaration(parameter)));
        constructor.enclosingInstance().ifPresent(outer -> addParameters(method, List.of(outer)));
        addParameters(method, constructor.parameters());
        method.varargs(constructor.varargs()).addExceptions(typeNames(constructor.thrown()));
        if (constructor.enclosingInstance().isPresent()) {
            method.addStatement("$L.super($L)", constructor.enclosingInstance().get().name(),
                    argumentList(constructor.parameters()));
        } else {
            method.addStatement("super($L)", argumentList(constructor.parameters()));
        }
        return method.build();
    }

    private static MethodSpec execute(InstrumentedModel.Step execute) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(RuntimeNames.EXECUTE).addAnnotation(Override.class);
        if (execute.deprecated()) {
            method.addAnnotation(Deprecated.class);
        }
        suppress(execute.suppressedWarnings()).ifPresent(method::addAnnotation);
        method.addModifiers(Modifier.PUBLIC).returns(TypeNames.of(execute.returnType()));
        addParameters(method, execute.parameters());
        String input = execute.parameters().get(0).name();
        String context = execute.parameters().get(1).name();
        String invocation = execute.invocationVariable();
        method.addExceptions(typeNames(execute.thrown()));
        // The observers see the input and the output by reference; nothing is copied.
        CodeBlock call = CodeBlock.of("return $L.returned(super.$L($L, $L.context()))", invocation,
                RuntimeNames.EXECUTE, input, invocation);
        // A replay may stand the step's recorded outcome in for running it: the body then does not run at all.
        CodeBlock substituted = CodeBlock.builder()
                .add("// In a replay, the recorded outcome stands in for running the step.\n")
                .beginControlFlow("if ($L.substituted())", invocation)
                .addStatement("return $L.substitution()", invocation)
                .endControlFlow()
                .build();
        return tracedBody(method, CodeBlock.of("$L.begin($L, $L)", TELEMETRY, context, input), invocation,
                execute.failureVariable(), execute.attributes(), substituted, call).build();
    }

    private static MethodSpec method(InstrumentedModel.Method model, String target) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(model.name()).addAnnotation(Override.class);
        if (model.deprecated()) {
            method.addAnnotation(Deprecated.class);
        }
        List<String> suppressed = new ArrayList<>(model.suppressedWarnings());
        if (model.uncheckedVarargs()) {
            // Declaring a non-reifiable varargs parameter is an unchecked warning, as on the overridden method.
            suppressed.add("unchecked");
        }
        suppress(suppressed).ifPresent(method::addAnnotation);
        switch (model.access()) {
            case PUBLIC -> method.addModifiers(Modifier.PUBLIC);
            case PROTECTED -> method.addModifiers(Modifier.PROTECTED);
            case PACKAGE -> {
                // package-private: no modifier
            }
        }
        for (InstrumentedModel.TypeParameter parameter : model.typeParameters()) {
            method.addTypeVariable(TypeNames.declaration(parameter.name(), parameter.bounds()));
        }
        method.returns(TypeNames.of(model.returnType()));
        addParameters(method, model.parameters());
        method.varargs(model.varargs()).addExceptions(typeNames(model.thrown()));

        boolean returns = model.returnType().getKind() != TypeKind.VOID;
        CodeBlock call = CodeBlock.of("$L.$L($L)", target, model.name(), argumentList(model.parameters()));
        if (model.telemetryField().isEmpty()) {
            return method.addStatement(returns ? "return $L" : "$L", call).build();
        }
        String invocation = model.invocationVariable();
        if (model.async()) {
            // The span ends when the stage completes; the caller gets the very stage the method returned.
            call = CodeBlock.of("return $L.endWhenComplete($L)", invocation, call);
        } else if (returns) {
            call = CodeBlock.of("return $L.returned($L)", invocation, call);
        }
        return tracedBody(method, CodeBlock.of("$L.begin()", model.telemetryField().get()), invocation,
                model.failureVariable(), model.attributes(), CodeBlock.of(""), call).build();
    }

    /**
     * The body every traced method shares, step or not: begin the invocation, record the parameter attributes, run
     * the call, and fail and end the invocation around it. The one place where the shape of a generated method body
     * is written.
     *
     * @param method the method being written, its signature complete
     * @param begin the expression that begins the invocation, e.g. {@code TELEMETRY.begin(context, input)}
     * @param invocation the local variable holding the invocation
     * @param failure the catch parameter
     * @param attributes the parameters recorded as span attributes
     * @param before what the try block runs before the call (a step's substitution), possibly nothing
     * @param call the statement that calls the original, e.g. {@code return super.execute(input, ...)}
     * @return the method, its body written
     */
    private static MethodSpec.Builder tracedBody(MethodSpec.Builder method, CodeBlock begin, String invocation,
            String failure, List<InstrumentedModel.Attribute> attributes, CodeBlock before, CodeBlock call) {
        method.addStatement("$T $L = $L", RuntimeNames.INVOCATION, invocation, begin);
        addAttributes(method, invocation, attributes);
        // catch (Throwable) + throw compiles with the original throws clause thanks to precise rethrow (Java 7),
        // and rethrows the very same instance: no wrapping, no suppressed exceptions.
        return method.beginControlFlow("try")
                .addCode(before)
                .addStatement(call)
                .nextControlFlow("catch ($T $L)", Throwable.class, failure)
                .addStatement("$L.fail($L)", invocation, failure)
                .addStatement("throw $L", failure)
                .nextControlFlow("finally")
                .addStatement("$L.end()", invocation)
                .endControlFlow();
    }

    private static void addAttributes(MethodSpec.Builder method, String invocation,
            List<InstrumentedModel.Attribute> attributes) {
        if (attributes.isEmpty()) {
            return;
        }
        // Converting values costs nothing when the span is not sampled.
        method.beginControlFlow("if ($L.span().isRecording())", invocation);
        for (InstrumentedModel.Attribute attribute : attributes) {
            method.addStatement("$L.attribute($L, $L)", invocation, attribute.keyField(), value(attribute));
        }
        method.endControlFlow();
    }

    private static CodeBlock value(InstrumentedModel.Attribute attribute) {
        String parameter = attribute.parameter();
        ClassName values = RuntimeNames.ATTRIBUTE_VALUES;
        return switch (attribute.conversion()) {
            case AS_IS -> CodeBlock.of("$L", parameter);
            case CAST_LONG -> CodeBlock.of("(long) $L", parameter);
            case CAST_DOUBLE -> CodeBlock.of("(double) $L", parameter);
            case CHAR -> CodeBlock.of("$T.valueOf($L)", String.class, parameter);
            case LONG_VALUE -> CodeBlock.of("$T.longValue($L)", values, parameter);
            case DOUBLE_VALUE -> CodeBlock.of("$T.doubleValue($L)", values, parameter);
            case LONGS -> CodeBlock.of("$T.longs($L)", values, parameter);
            case DOUBLES -> CodeBlock.of("$T.doubles($L)", values, parameter);
            case BOOLEANS -> CodeBlock.of("$T.booleans($L)", values, parameter);
            case STRINGS -> CodeBlock.of("$T.strings($L)", values, parameter);
            case TEXT -> CodeBlock.of("$T.text($L)", values, parameter);
        };
    }

    /**
     * One {@code @SuppressWarnings} for the warnings the user suppressed on the original declaration (its override
     * repeats the signature, and with it what the user chose to accept) and those the generated code itself needs.
     */
    private static Optional<AnnotationSpec> suppress(List<String> warnings) {
        Set<String> distinct = new LinkedHashSet<>(warnings);
        if (distinct.isEmpty()) {
            return Optional.empty();
        }
        CodeBlock value = distinct.size() == 1 ? CodeBlock.of("$S", distinct.iterator().next())
                : CodeBlock.of("{$L}", distinct.stream().map(warning -> CodeBlock.of("$S", warning))
                        .collect(CodeBlock.joining(", ")));
        return Optional.of(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", value).build());
    }

    private static void addParameters(MethodSpec.Builder method, List<InstrumentedModel.Parameter> parameters) {
        for (InstrumentedModel.Parameter parameter : parameters) {
            method.addParameter(ParameterSpec.builder(TypeNames.of(parameter.type()), parameter.name()).build());
        }
    }

    private static List<TypeName> typeNames(List<TypeMirror> types) {
        List<TypeName> names = new ArrayList<>();
        types.forEach(type -> names.add(TypeNames.of(type)));
        return names;
    }

    private static String argumentList(List<InstrumentedModel.Parameter> parameters) {
        return parameters.stream().map(InstrumentedModel.Parameter::name).collect(Collectors.joining(", "));
    }
}
