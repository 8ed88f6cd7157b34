package dev.tta.workflow.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/** Compiles test sources through the processor, the way a user's build would. */
final class Sources {

    /** Warnings are errors, except "no processor claimed" (which would be about other annotations). */
    static final String[] STRICT = {"-Xlint:all,-processing", "-Werror"};

    /** The order a few steps pass around. */
    static final JavaFileObject ORDER = source("com.acme.Order", """
            package com.acme;

            public record Order(String id, int quantity) {
            }
            """);

    /** A type-use nullness annotation, as in JSpecify or the Checker Framework. */
    static final JavaFileObject NULLABLE = source("com.acme.Nullable", """
            package com.acme;

            import java.lang.annotation.ElementType;
            import java.lang.annotation.Retention;
            import java.lang.annotation.RetentionPolicy;
            import java.lang.annotation.Target;

            @Retention(RetentionPolicy.CLASS)
            @Target(ElementType.TYPE_USE)
            public @interface Nullable {
            }
            """);

    private Sources() {
    }

    static JavaFileObject source(String qualifiedName, String text) {
        return JavaFileObjects.forSourceString(qualifiedName, text);
    }

    /** Compiles with the processor, warnings as errors. */
    static Compilation compile(JavaFileObject... sources) {
        return compiler(new ObservedProcessor()).withOptions((Object[]) STRICT).compile(sources);
    }

    /** Compiles with the processor, warnings allowed. */
    static Compilation compileLenient(JavaFileObject... sources) {
        return compiler(new ObservedProcessor()).compile(sources);
    }

    static Compiler compiler(Processor... processors) {
        return Compiler.javac().withProcessors(processors);
    }
}
