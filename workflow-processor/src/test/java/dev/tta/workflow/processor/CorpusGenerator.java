package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import javax.tools.JavaFileObject;

/**
 * Writes a reproducible corpus of random but valid {@code @Observed} shapes for {@link CorpusTest}: classes observed on
 * the class or on some methods, abstract classes, interfaces (with inherited and default methods), static nested and
 * inner classes of generic (or deprecated) outers, and workflow steps; interfaces inheriting one method along two
 * paths with a covariant override on one of them (with the type arguments differing along the paths); classes whose
 * class-level annotation traces the methods they inherit; suppressed warnings (raw types, deprecated types) on the
 * user's declarations; generic types and methods with recursive bounds, wildcards, arrays, varargs, overloads,
 * checked exceptions, type-use annotations, parameter attributes, synchronous, failing and asynchronous methods.
 *
 * <p>Next to each unit it writes a driver, {@code corpus.D<n>}, whose {@code calls()} lists one call per method with
 * the span that call must produce: its name, or null for a method that must not be traced (excluded, final,
 * package-private under a class-level annotation, forwarded by a decorator...). Everything lives in package
 * {@code corpus}, so drivers can call protected and package-private methods.
 */
final class CorpusGenerator {

    /** A class type parameter: its declaration, and the type and value a driver binds it to. */
    private record TypeVar(String name, String declaration, String binding, String value) {
    }

    /** A parameter: its type in the unit, its name, the driver's argument, and its attribute annotation or null. */
    private record Param(String type, String name, String argument, String attribute) {
    }

    /** The kinds of unit, each with its own way of being created and called. */
    private enum Kind {
        CLASS, METHOD_LEVEL_CLASS, ABSTRACT_CLASS, INTERFACE, METHOD_LEVEL_INTERFACE, NESTED, INNER, STEP, PATHS,
        INHERITING
    }

    private static final TypeVar[] TYPE_VARS = {
        new TypeVar("T", "T", "String", "\"t\""),
        new TypeVar("N", "N extends Number", "Integer", "7"),
        new TypeVar("C", "C extends Comparable<C>", "String", "\"c\""),
        new TypeVar("L", "L extends java.util.List<String>", "java.util.List<String>", "java.util.List.of(\"l\")"),
    };

    private final Random random;
    private int methodCount;

    CorpusGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** The support sources every unit may use. */
    static List<JavaFileObject> support() {
        return List.of(
                Sources.source("corpus.Call", """
                        package corpus;

                        /** One call of a driver and the span it must produce (null: none). */
                        public record Call(String description, String span, boolean fails,
                                java.util.concurrent.Callable<Object> action) {
                        }
                        """),
                Sources.source("corpus.Nullable", """
                        package corpus;

                        @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.CLASS)
                        @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)
                        public @interface Nullable {
                        }
                        """),
                Sources.source("corpus.Source", """
                        package corpus;

                        /** A generic superinterface whose methods decorators inherit. */
                        public interface Source<V> {
                            V get(V fallback);

                            default boolean available() {
                                return true;
                            }
                        }
                        """),
                Sources.source("corpus.Paths", """
                        package corpus;

                        /** One method inherited along two paths, overridden with a narrower return type on one. */
                        public interface Paths<E> {
                            java.util.Collection<E> items(E seed);

                            interface Narrow<N> extends Paths<N> {
                                @Override
                                java.util.List<N> items(N seed);
                            }

                            interface Wide<W> extends Paths<W> {
                            }

                            /** The same, with other type arguments along each path. */
                            interface Lists<L> extends Paths<java.util.List<L>> {
                                @Override
                                java.util.ArrayList<java.util.List<L>> items(java.util.List<L> seed);
                            }

                            interface WideLists<M> extends Paths<java.util.List<M>> {
                            }
                        }
                        """),
                Sources.source("corpus.Base", """
                        package corpus;

                        /** A superclass whose public API a class-level @Observed on a subclass traces. */
                        public class Base<B> {
                            public B echo(B value) {
                                return value;
                            }

                            protected int twice(int value) {
                                return 2 * value;
                            }

                            public final String fixedBase() {
                                return "fixed";
                            }

                            public static int staticBase() {
                                return 0;
                            }

                            @Override
                            public String toString() {
                                return "base";
                            }
                        }
                        """),
                Sources.source("corpus.Old", """
                        package corpus;

                        /** @deprecated a type some signatures still use */
                        @Deprecated
                        public class Old {
                        }
                        """),
                Sources.source("corpus.Graph", """
                        package corpus;

                        /** A generic outer class whose inner class appears in signatures. */
                        public class Graph<V> {
                            public class Edge {
                            }
                        }
                        """));
    }

    /** The number of methods the driver calls so far. */
    int methodCount() {
        return methodCount;
    }

    /**
     * Writes one unit and its driver.
     *
     * @param index the unit's number, part of every name in it
     * @return the unit's sources and its driver
     */
    List<JavaFileObject> unit(int index) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        return switch (kind) {
            case CLASS, METHOD_LEVEL_CLASS, ABSTRACT_CLASS -> classUnit(index, kind);
            case INTERFACE, METHOD_LEVEL_INTERFACE -> interfaceUnit(index, kind == Kind.INTERFACE);
            case NESTED -> nestedUnit(index);
            case INNER -> innerUnit(index);
            case STEP -> stepUnit(index);
            case PATHS -> pathsUnit(index);
            case INHERITING -> inheritingUnit(index);
        };
    }

    // Classes.

    private List<JavaFileObject> classUnit(int index, Kind kind) {
        String name = "C" + index;
        boolean typeLevel = kind != Kind.METHOD_LEVEL_CLASS;
        boolean isAbstract = kind == Kind.ABSTRACT_CLASS;
        List<TypeVar> vars = typeVars();
        String typeName = typeLevel && random.nextInt(4) == 0 ? "svc" + index : name;
        StringBuilder body = new StringBuilder();
        List<String> calls = new ArrayList<>();
        String target = "target";
        constructors(body, name);
        int methods = 1 + random.nextInt(5);
        for (int m = 0; m < methods; m++) {
            // The first method is always traced: an @Observed type that traces nothing is a warning.
            classMethod(body, calls, target, typeName, vars, typeLevel, "m" + m, index, m == 0, false);
        }
        if (random.nextBoolean()) {
            // An overload of m0 (it takes a BitSet first, which nothing else does): the same span name as m0's.
            classMethod(body, calls, target, typeName, vars, typeLevel, "m0", index, false, true);
        }
        untracedExtras(body, calls, target, typeLevel);
        List<String> abstractCalls = new ArrayList<>();
        StringBuilder implementation = new StringBuilder();
        if (isAbstract) {
            int hooks = 1 + random.nextInt(2);
            for (int h = 0; h < hooks; h++) {
                body.append("    protected abstract String hook").append(h).append("(int value);\n\n");
                implementation.append("    @Override\n    protected String hook").append(h)
                        .append("(int value) {\n        return \"h\" + value;\n    }\n\n");
                abstractCalls.add(call(target + ".hook" + h + "(" + h + ")", null, false, true));
            }
        }
        String declaration = (random.nextBoolean() ? "public " : "") + (isAbstract ? "abstract " : "")
                + "class " + name + typeParameters(vars);
        List<JavaFileObject> files = new ArrayList<>();
        files.add(Sources.source("corpus." + name, "package corpus;\n\n"
                + (typeLevel ? observed(typeName.equals(name) ? null : typeName) : "")
                + declaration + " {\n" + body + "}\n"));
        String created;
        if (isAbstract) {
            files.add(Sources.source("corpus." + name + "Impl", "package corpus;\n\nclass " + name + "Impl"
                    + typeParameters(vars) + " extends Instrumented" + name + typeArguments(vars) + " {\n"
                    + implementation + "}\n"));
            created = "new " + name + "Impl" + diamond(vars) + "()";
            calls.addAll(abstractCalls);
        } else {
            created = "new Instrumented" + name + diamond(vars) + "()";
        }
        String targetType = (isAbstract ? name + "Impl" : "Instrumented" + name) + bindings(vars);
        files.add(driver(index, targetType + " " + target + " = " + created + ";", calls));
        return files;
    }

    private void constructors(StringBuilder body, String name) {
        switch (random.nextInt(3)) {
            case 0 -> {
                // the implicit constructor
            }
            case 1 -> body.append("    public ").append(name).append("() {\n    }\n\n");
            default -> body.append("    protected ").append(name).append("(String seed, int... extra) throws ")
                    .append("java.io.IOException {\n        if (seed == null) {\n            throw new ")
                    .append("java.io.IOException(\"no seed\");\n        }\n    }\n\n    ").append(name)
                    .append("() {\n    }\n\n");
        }
    }

    /** One method of a class: traced, or deliberately not, with the driver's call and the span it expects. */
    private void classMethod(StringBuilder body, List<String> calls, String target, String typeName,
            List<TypeVar> vars, boolean typeLevel, String methodName, int index, boolean mustTrace,
            boolean overload) {
        boolean methodObserved = !typeLevel || random.nextInt(5) == 0;
        boolean excluded = typeLevel && !methodObserved && !mustTrace && random.nextInt(6) == 0;
        boolean packagePrivate = !(mustTrace && typeLevel) && random.nextInt(5) == 0;
        String access = packagePrivate ? "" : random.nextInt(4) == 0 ? "protected " : "public ";
        if (!typeLevel && !mustTrace && random.nextInt(4) == 0) {
            methodObserved = false; // a plain method of a class with @Observed methods: not traced
        }
        String customName = methodObserved && random.nextInt(3) == 0 ? "custom.c" + index + "." + methodName
                + "." + body.length() : null;
        boolean traced = methodObserved || typeLevel && !excluded && !packagePrivate;
        Signature signature = signature(vars, traced);
        if (overload) {
            signature.params.add(0, new Param("java.util.BitSet", "extra", "new java.util.BitSet()",
                    maybeAttribute("extra")));
            signature.varargs = null;
            signature.uncheckedVarargs = false;
            if (signature.typeParameters.equals("<V> ")) {
                signature.typeParameters = "";
            }
        }
        StringBuilder method = new StringBuilder();
        if (signature.deprecated) {
            method.append("    /** @deprecated for the corpus */\n    @Deprecated\n");
        }
        if (methodObserved) {
            method.append("    ").append(observed(customName));
        }
        if (excluded) {
            method.append("    @dev.tta.workflow.annotations.Observed.Exclude\n");
        }
        if (signature.uncheckedVarargs) {
            method.append("    @SuppressWarnings(\"unchecked\")\n");
        }
        method.append("    ").append(access).append(signature.declaration(methodName, traced)).append(" {\n")
                .append(signature.body()).append("    }\n\n");
        body.append(method);
        String span = traced ? customName != null ? customName : typeName + "." + methodName : null;
        calls.add(call(target + "." + methodName + "(" + signature.arguments() + ")", span, signature.failing,
                signature.returnType.equals("void")));
    }

    /** Methods no @Observed on a class traces: final (called, no span), static and private (not callable). */
    private void untracedExtras(StringBuilder body, List<String> calls, String target, boolean typeLevel) {
        if (random.nextInt(3) == 0) {
            body.append("    public final String fixed() {\n        return helper();\n    }\n\n")
                    .append("    private String helper() {\n        return \"helper\";\n    }\n\n")
                    .append("    public static int utility(int value) {\n        return value;\n    }\n\n");
            calls.add(call(target + ".fixed()", null, false, false));
        }
        if (typeLevel && random.nextInt(4) == 0) {
            body.append("    @Override\n    public String toString() {\n        return \"corpus\";\n    }\n\n");
            calls.add(call(target + ".toString()", null, false, false));
        }
    }

    // Interfaces.

    private List<JavaFileObject> interfaceUnit(int index, boolean typeLevel) {
        String name = "C" + index;
        List<TypeVar> vars = typeVars();
        boolean source = random.nextBoolean();
        String typeName = typeLevel && random.nextInt(4) == 0 ? "api" + index : name;
        StringBuilder body = new StringBuilder();
        StringBuilder implementation = new StringBuilder();
        List<String> calls = new ArrayList<>();
        int methods = 1 + random.nextInt(5);
        for (int m = 0; m < methods; m++) {
            String methodName = "m" + m;
            boolean methodObserved = typeLevel ? random.nextInt(5) == 0 : m == 0 || random.nextInt(3) != 0;
            boolean excluded = typeLevel && !methodObserved && m > 0 && random.nextInt(6) == 0;
            boolean traced = methodObserved || typeLevel && !excluded;
            String customName = methodObserved && random.nextInt(3) == 0 ? "custom.i" + index + "." + m : null;
            Signature signature = signature(vars, traced);
            boolean isDefault = random.nextInt(3) == 0;
            StringBuilder annotations = new StringBuilder();
            if (methodObserved) {
                annotations.append("    ").append(observed(customName));
            }
            if (excluded) {
                annotations.append("    @dev.tta.workflow.annotations.Observed.Exclude\n");
            }
            if (signature.uncheckedVarargs) {
                annotations.append("    @SuppressWarnings(\"unchecked\")\n");
            }
            body.append(annotations).append("    ").append(isDefault ? "default " : "")
                    .append(signature.declaration(methodName, traced));
            if (isDefault) {
                body.append(" {\n").append(signature.body()).append("    }\n\n");
            } else {
                body.append(";\n\n");
                implementation.append(signature.uncheckedVarargs ? "    @SuppressWarnings(\"unchecked\")\n" : "")
                        .append("    @Override\n    public ")
                        .append(signature.declaration(methodName, false)).append(" {\n").append(signature.body())
                        .append("    }\n\n");
            }
            String span = traced ? customName != null ? customName : typeName + "." + methodName : null;
            calls.add(call("target." + methodName + "(" + signature.arguments() + ")", span, signature.failing,
                    signature.returnType.equals("void")));
        }
        if (random.nextInt(3) == 0) {
            body.append("    static int utility(int value) {\n        return value;\n    }\n\n");
        }
        if (source) {
            implementation.append("    @Override\n    public String get(String fallback) {\n        return fallback;\n"
                    + "    }\n\n");
            calls.add(call("target.get(\"f\")", typeLevel ? typeName + ".get" : null, false, false));
            calls.add(call("target.available()", typeLevel ? typeName + ".available" : null, false, false));
        }
        List<JavaFileObject> files = new ArrayList<>();
        files.add(Sources.source("corpus." + name, "package corpus;\n\n"
                + (typeLevel ? observed(typeName.equals(name) ? null : typeName) : "")
                + (random.nextBoolean() ? "public " : "") + "interface " + name + typeParameters(vars)
                + (source ? " extends Source<String>" : "") + " {\n" + body + "}\n"));
        files.add(Sources.source("corpus." + name + "Impl", "package corpus;\n\nclass " + name + "Impl"
                + typeParameters(vars) + " implements " + name + typeArguments(vars) + " {\n" + implementation
                + "}\n"));
        // Explicit type arguments: javac cannot infer nested diamonds against recursive bounds.
        String declaration = name + bindings(vars) + " target = new Instrumented" + name + bindings(vars) + "(new "
                + name + "Impl" + bindings(vars) + "());";
        files.add(driver(index, declaration, calls));
        return files;
    }

    // Nested and inner classes.

    private List<JavaFileObject> nestedUnit(int index) {
        String outer = "H" + index;
        List<TypeVar> vars = typeVars();
        StringBuilder body = new StringBuilder();
        List<String> calls = new ArrayList<>();
        int methods = 1 + random.nextInt(3);
        for (int m = 0; m < methods; m++) {
            classMethod(body, calls, "target", "Nested", vars, true, "m" + m, index, m == 0, false);
        }
        String access = switch (random.nextInt(3)) {
            case 0 -> "public ";
            case 1 -> "protected ";
            default -> "";
        };
        String deprecated = random.nextInt(3) == 0 ? "/** @deprecated for the corpus */\n@Deprecated\n" : "";
        String source = "package corpus;\n\n" + deprecated + "public class " + outer + " {\n    "
                + observed(null) + "    " + access + "static class Nested" + typeParameters(vars) + " {\n"
                + body.toString().indent(4) + "    }\n}\n";
        String declaration = "Instrumented" + outer + "_Nested" + bindings(vars) + " target = new Instrumented"
                + outer + "_Nested" + diamond(vars) + "();";
        return List.of(Sources.source("corpus." + outer, source), driver(index, declaration, calls));
    }

    private List<JavaFileObject> innerUnit(int index) {
        String outer = "G" + index;
        // The inner class uses the outer class's type parameter.
        List<TypeVar> vars = List.of(TYPE_VARS[random.nextInt(TYPE_VARS.length)]);
        StringBuilder body = new StringBuilder();
        List<String> calls = new ArrayList<>();
        int methods = 1 + random.nextInt(3);
        for (int m = 0; m < methods; m++) {
            classMethod(body, calls, "target", "In", vars, true, "m" + m, index, m == 0, false);
        }
        String source = "package corpus;\n\npublic class " + outer + typeParameters(vars) + " {\n    "
                + observed(null) + "    public class In {\n" + body.toString().indent(4) + "    }\n}\n";
        String declaration = "Instrumented" + outer + "_In" + bindings(vars) + " target = new Instrumented" + outer
                + "_In" + bindings(vars) + "(new " + outer + bindings(vars) + "());";
        return List.of(Sources.source("corpus." + outer, source), driver(index, declaration, calls));
    }

    // Inheritance.

    /** An interface inheriting {@code items} along two paths, in random order, one path narrowing its return type. */
    private List<JavaFileObject> pathsUnit(int index) {
        String name = "C" + index;
        boolean lists = random.nextBoolean();
        List<String> supertypes = new ArrayList<>(lists ? List.of("Paths.WideLists<String>", "Paths.Lists<String>")
                : List.of("Paths.Wide<String>", "Paths.Narrow<String>"));
        if (random.nextBoolean()) {
            java.util.Collections.reverse(supertypes);
        }
        boolean own = random.nextBoolean();
        String source = "package corpus;\n\n" + observed(null) + "public interface " + name + " extends "
                + String.join(", ", supertypes) + " {\n"
                + (own ? "    String own(String value);\n" : "") + "}\n";
        String items = lists
                ? "    @Override\n    public java.util.ArrayList<java.util.List<String>> items("
                        + "java.util.List<String> seed) {\n        return new java.util.ArrayList<>("
                        + "java.util.List.of(seed));\n    }\n"
                : "    @Override\n    public java.util.List<String> items(String seed) {\n"
                        + "        return java.util.List.of(seed);\n    }\n";
        String implementation = "package corpus;\n\nclass " + name + "Impl implements " + name + " {\n" + items
                + (own ? "\n    @Override\n    public String own(String value) {\n        return value;\n    }\n"
                        : "") + "}\n";
        List<String> calls = new ArrayList<>();
        calls.add(call("target.items(" + (lists ? "java.util.List.of(\"s\")" : "\"s\"") + ")", name + ".items",
                false, false));
        if (own) {
            calls.add(call("target.own(\"o\")", name + ".own", false, false));
        }
        return List.of(Sources.source("corpus." + name, source),
                Sources.source("corpus." + name + "Impl", implementation),
                driver(index, name + " target = new Instrumented" + name + "(new " + name + "Impl());", calls));
    }

    /**
     * A class whose class-level {@code @Observed} traces what it inherits from {@code Base}, with declarations whose
     * warnings the user suppressed (raw types; a deprecated type, suppressed on the class).
     */
    private List<JavaFileObject> inheritingUnit(int index) {
        String name = "C" + index;
        boolean overrides = random.nextBoolean();
        boolean raw = random.nextBoolean();
        boolean old = random.nextBoolean();
        StringBuilder body = new StringBuilder();
        List<String> calls = new ArrayList<>();
        if (overrides) {
            body.append("    @Override\n    protected int twice(int value) {\n        return value + value;\n    }\n\n");
        }
        body.append("    public String own(String value) {\n        return value;\n    }\n");
        calls.add(call("target.own(\"o\")", name + ".own", false, false));
        if (raw) {
            body.append("\n    @SuppressWarnings(\"rawtypes\")\n    public java.util.List raw(java.util.List values) {\n"
                    + "        return values;\n    }\n");
            calls.add(call("target.raw(java.util.List.of())", name + ".raw", false, false));
        }
        if (old) {
            body.append("\n    public Old old() {\n        return new Old();\n    }\n");
            calls.add(call("target.old()", name + ".old", false, false));
        }
        calls.add(call("target.echo(\"e\")", name + ".echo", false, false));
        calls.add(call("target.twice(2)", name + ".twice", false, false));
        calls.add(call("target.fixedBase()", null, false, false));
        calls.add(call("target.toString()", null, false, false));
        String source = "package corpus;\n\n" + observed(null) + (old ? "@SuppressWarnings(\"deprecation\")\n" : "")
                + "public class " + name + " extends Base<String> {\n" + body + "}\n";
        return List.of(Sources.source("corpus." + name, source),
                driver(index, "Instrumented" + name + " target = new Instrumented" + name + "();", calls));
    }

    // Workflow steps.

    private List<JavaFileObject> stepUnit(int index) {
        String name = "C" + index;
        String stepName = random.nextBoolean() ? name : "step-" + index;
        boolean helper = random.nextBoolean();
        String source = "package corpus;\n\n" + observed(stepName.equals(name) ? null : stepName)
                + "public class " + name + " extends dev.tta.workflow.WorkflowPrimitive<String, String> {\n"
                + "    @Override\n    public String execute(@dev.tta.workflow.annotations.Observed.Attribute(\"in\") "
                + "String input, dev.tta.workflow.context.WorkflowContext context) throws Exception {\n"
                + "        return input;\n    }\n"
                + (helper ? "\n    @dev.tta.workflow.annotations.Observed\n    protected int helper(int value) {\n"
                        + "        return value;\n    }\n" : "")
                + "}\n";
        List<String> calls = new ArrayList<>();
        calls.add(call("target.execute(\"in\", dev.tta.workflow.context.WorkflowContext.start(\"corpus\")"
                + ".withOtelContext(io.opentelemetry.context.Context.current()))", stepName, false, false));
        if (helper) {
            calls.add(call("target.helper(1)", stepName + ".helper", false, false));
        }
        return List.of(Sources.source("corpus." + name, source),
                driver(index, "Instrumented" + name + " target = new Instrumented" + name + "();", calls));
    }

    // Signatures.

    private final class Signature {
        String typeParameters = "";
        String returnType;
        String returnExpression;
        final List<Param> params = new ArrayList<>();
        Param varargs;
        boolean uncheckedVarargs;
        boolean failing;
        boolean asyncIncomplete;
        boolean deprecated;
        final List<String> thrown = new ArrayList<>();

        String declaration(String methodName, boolean withAttributes) {
            StringJoiner parameters = new StringJoiner(", ");
            for (Param param : params) {
                parameters.add((withAttributes && param.attribute() != null ? attribute(param) : "") + param.type()
                        + " " + param.name());
            }
            if (varargs != null) {
                parameters.add(varargs.type() + "... " + varargs.name());
            }
            return typeParameters + returnType + " " + methodName + "(" + parameters + ")"
                    + (thrown.isEmpty() ? "" : " throws " + String.join(", ", thrown));
        }

        String body() {
            if (failing && !returnType.contains("Completion") && !returnType.contains("CompletableFuture")) {
                return "        throw new java.io.IOException(\"corpus failure\");\n";
            }
            return returnType.equals("void") ? "" : "        return " + returnExpression + ";\n";
        }

        String arguments() {
            StringJoiner arguments = new StringJoiner(", ");
            params.forEach(param -> arguments.add(param.argument()));
            if (varargs != null && !varargs.argument().isEmpty()) {
                arguments.add(varargs.argument());
            }
            return arguments.toString();
        }
    }

    private static String attribute(Param param) {
        return "@dev.tta.workflow.annotations.Observed.Attribute" + (param.attribute().isEmpty() ? ""
                : "(\"" + param.attribute() + "\")") + " ";
    }

    private Signature signature(List<TypeVar> vars, boolean traced) {
        Signature signature = new Signature();
        int parameterCount = random.nextInt(4);
        for (int p = 0; p < parameterCount; p++) {
            signature.params.add(param(vars, "p" + p));
        }
        switch (random.nextInt(15)) {
            case 0 -> returns(signature, "void", null);
            case 1 -> returns(signature, "int", "1");
            case 2 -> returns(signature, "long", "2L");
            case 3 -> returns(signature, "boolean", "true");
            case 4 -> returns(signature, "double", "0.5");
            case 5 -> returns(signature, "@Nullable String", "null");
            case 6 -> returns(signature, "String[]", "new String[] {\"a\"}");
            case 7 -> returns(signature, "java.util.List<String>", "java.util.List.of()");
            case 8 -> {
                if (vars.isEmpty()) {
                    returns(signature, "String", "\"s\"");
                } else {
                    TypeVar var = vars.get(random.nextInt(vars.size()));
                    signature.params.add(new Param(var.name(), "value", var.value(), maybeAttribute("value")));
                    returns(signature, var.name(), "value");
                }
            }
            case 9, 13 -> {
                signature.asyncIncomplete = random.nextInt(3) != 0;
                returns(signature, "java.util.concurrent.CompletableFuture<String>", signature.asyncIncomplete
                        ? "new java.util.concurrent.CompletableFuture<>()"
                        : "java.util.concurrent.CompletableFuture.completedFuture(\"done\")");
            }
            case 10 -> {
                signature.failing = random.nextBoolean();
                returns(signature, "java.util.concurrent.CompletionStage<Integer>", signature.failing
                        ? "java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException(\"corpus\"))"
                        : "java.util.concurrent.CompletableFuture.completedFuture(1)");
            }
            case 11 -> {
                signature.typeParameters = "<U extends Comparable<U>> ";
                signature.params.add(new Param("U", "first", "\"u\"", maybeAttribute("first")));
                returns(signature, "U", "first");
            }
            case 12 -> {
                signature.typeParameters = "<E extends Exception> ";
                signature.thrown.add("E");
                returns(signature, "java.util.Map<String, Integer>", "java.util.Map.of()");
            }
            default -> returns(signature, "String", "\"s\"");
        }
        switch (random.nextInt(6)) {
            case 0 -> signature.varargs = new Param("String", "rest", random.nextBoolean() ? "\"r1\", \"r2\"" : "",
                    null);
            case 1 -> signature.varargs = new Param("int", "more", "3, 4", null);
            case 2 -> {
                if (signature.typeParameters.isEmpty()) {
                    signature.typeParameters = "<V> ";
                    signature.varargs = new Param("V", "items", "\"v\"", null);
                    signature.uncheckedVarargs = true;
                }
            }
            default -> {
                // no varargs
            }
        }
        boolean async = signature.returnType.contains("Completion") || signature.returnType.contains("Completable");
        if (!async && random.nextInt(6) == 0) {
            signature.failing = true;
        }
        if (signature.failing || random.nextInt(5) == 0) {
            signature.thrown.add(random.nextBoolean() ? "java.io.IOException" : "Exception");
        }
        if (random.nextInt(8) == 0) {
            signature.thrown.add("InterruptedException");
        }
        signature.deprecated = random.nextInt(12) == 0;
        return signature;
    }

    private static void returns(Signature signature, String type, String expression) {
        signature.returnType = type;
        signature.returnExpression = expression;
    }

    private Param param(List<TypeVar> vars, String name) {
        String[][] pool = {
            {"int", "3"}, {"long", "4L"}, {"double", "0.5"}, {"boolean", "true"}, {"char", "'c'"}, {"String", "\"s\""},
            {"Integer", "5"}, {"@Nullable String", "\"n\""}, {"String[]", "new String[] {\"a\", \"b\"}"},
            {"int[]", "new int[] {1, 2}"}, {"int[][]", "new int[][] {{1}}"}, {"String @Nullable []", "new String[0]"},
            {"java.util.List<String>", "java.util.List.of(\"x\")"}, {"java.util.List<Integer>", "java.util.List.of(1)"},
            {"java.util.List<? extends Number>", "java.util.List.of(1.5)"},
            {"java.util.List<? super Integer>", "new java.util.ArrayList<Number>()"},
            {"java.util.Map<String, java.util.List<Integer>>", "java.util.Map.of()"},
            {"java.time.Duration", "java.time.Duration.ofMillis(3)"},
            {"Graph<String>.Edge", "new Graph<String>().new Edge()"}, {"boolean[]", "new boolean[] {true}"},
            {"java.util.List<Boolean>", "java.util.List.of(true)"}, {"Float", "1.5f"}, {"short", "(short) 2"},
        };
        if (!vars.isEmpty() && random.nextInt(4) == 0) {
            TypeVar var = vars.get(random.nextInt(vars.size()));
            String[][] generic = {
                {var.name(), var.value()},
                {"java.util.List<" + var.name() + ">", "java.util.List.of(" + var.value() + ")"},
                {"java.util.Map<String, ? extends " + var.name() + ">", "java.util.Map.of()"},
            };
            String[] choice = generic[random.nextInt(generic.length)];
            return new Param(choice[0], name, choice[1], maybeAttribute(name));
        }
        String[] choice = pool[random.nextInt(pool.length)];
        return new Param(choice[0], name, choice[1], maybeAttribute(name));
    }

    /** Null (no attribute), "" (the parameter's name as key) or an explicit key. */
    private String maybeAttribute(String name) {
        return switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "corpus." + name;
            default -> null;
        };
    }

    // Small pieces.

    private List<TypeVar> typeVars() {
        List<TypeVar> vars = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            TypeVar candidate = TYPE_VARS[random.nextInt(TYPE_VARS.length)];
            if (!vars.contains(candidate)) {
                vars.add(candidate);
            }
        }
        return vars;
    }

    private static String typeParameters(List<TypeVar> vars) {
        if (vars.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner(", ", "<", ">");
        vars.forEach(var -> joiner.add(var.declaration()));
        return joiner.toString();
    }

    private static String typeArguments(List<TypeVar> vars) {
        if (vars.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner(", ", "<", ">");
        vars.forEach(var -> joiner.add(var.name()));
        return joiner.toString();
    }

    private static String bindings(List<TypeVar> vars) {
        if (vars.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner(", ", "<", ">");
        vars.forEach(var -> joiner.add(var.binding()));
        return joiner.toString();
    }

    private static String diamond(List<TypeVar> vars) {
        return vars.isEmpty() ? "" : "<>";
    }

    private static String observed(String name) {
        return "@dev.tta.workflow.annotations.Observed" + (name == null ? "" : "(name = \"" + name + "\")") + "\n";
    }

    private String call(String invocation, String span, boolean fails, boolean isVoid) {
        methodCount++;
        String action = isVoid ? "() -> {\n                " + invocation + ";\n                return null;\n"
                + "            }" : "() -> " + invocation;
        return "new Call(\"" + invocation.replace("\"", "'") + "\", " + (span == null ? "null" : "\"" + span + "\"")
                + ", " + fails + ", " + action + ")";
    }

    private static JavaFileObject driver(int index, String target, List<String> calls) {
        return Sources.source("corpus.D" + index, "package corpus;\n\n@SuppressWarnings(\"deprecation\")\n"
                + "public final class D" + index + " {\n    private D" + index + "() {\n    }\n\n"
                + "    public static java.util.List<Call> calls() throws Exception {\n        " + target + "\n"
                + "        return java.util.List.of(\n            " + String.join(",\n            ", calls)
                + ");\n    }\n}\n");
    }
}
