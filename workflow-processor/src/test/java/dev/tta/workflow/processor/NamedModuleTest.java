package dev.tta.workflow.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a named module, {@code @javax.annotation.processing.Generated} compiles only if the module reads
 * {@code java.compiler} (mapstruct#2629, dagger#4321): the processor emits it only then, and the generated class
 * compiles either way. Uses the plain {@code javax.tools} API on real directories, because compile-testing's
 * in-memory file manager does not support modules.
 */
class NamedModuleTest {

    private static final String STEP = """
            package com.acme;

            import dev.tta.workflow.context.WorkflowContext;
            import dev.tta.workflow.WorkflowPrimitive;
            import dev.tta.workflow.annotations.Observed;

            @Observed
            public class Step extends WorkflowPrimitive<String, String> {
                public Step() {
                }

                @Override
                public String execute(String input, WorkflowContext context) {
                    return input;
                }
            }
            """;

    private static final String JAVAX_GENERATED = "@Generated(\"dev.tta.workflow.processor.ObservedProcessor\")";

    @TempDir
    Path root;

    @Test
    void moduleThatDoesNotReadJavaCompilerGetsNoJavaxGenerated() throws IOException {
        String generated = compileModule("requires dev.tta.workflow;");
        assertFalse(generated.contains("javax.annotation.processing.Generated"), generated);
        assertTrue(generated.contains("@WorkflowGenerated\npublic class InstrumentedStep extends Step {"), generated);
    }

    @Test
    void moduleThatReadsJavaCompilerGetsJavaxGenerated() throws IOException {
        String generated = compileModule("requires dev.tta.workflow; requires static java.compiler;");
        assertTrue(generated.contains(JAVAX_GENERATED), generated);
    }

    @Test
    void moduleThatReadsJavaCompilerThroughJavaSeGetsJavaxGenerated() throws IOException {
        // java.se requires transitive java.compiler.
        String generated = compileModule("requires dev.tta.workflow; requires java.se;");
        assertTrue(generated.contains(JAVAX_GENERATED), generated);
    }

    /** Compiles module com.acme with the processor, warnings as errors, and returns the generated source. */
    private String compileModule(String requires) throws IOException {
        // Jars become automatic modules; a target/classes directory (mvn test without package) cannot.
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .toList();
        assumeTrue(jars.stream().anyMatch(jar -> jar.contains("workflow-runtime")),
                "workflow-runtime is on the class path as a jar (it is from the package phase on)");
        String modulePath = jars.stream()
                .filter(jar -> jar.contains("workflow-runtime") || jar.contains("workflow-annotations")
                        || jar.contains("opentelemetry-api") || jar.contains("opentelemetry-context")
                        || jar.contains("slf4j-api") || jar.contains("HdrHistogram"))
                .collect(Collectors.joining(File.pathSeparator));

        Path sources = Files.createDirectories(root.resolve("src/com/acme"));
        Path moduleInfo = Files.writeString(root.resolve("src/module-info.java"),
                "module com.acme {\n    " + requires + "\n    exports com.acme;\n}\n");
        Path step = Files.writeString(sources.resolve("Step.java"), STEP);
        Path classes = Files.createDirectories(root.resolve("classes"));
        Path generated = Files.createDirectories(root.resolve("generated"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = javac.getTask(diagnostics, files, null,
                    // The runtime is an automatic module (no module-info yet), which -Xlint:requires-automatic and
                    // -Xlint:exports complain about in any module that uses it; the rest of -Xlint:all stays on.
                    List.of("-Xlint:all,-processing,-requires-automatic,-exports", "-Werror",
                            "--module-path", modulePath, "-d", classes.toString(), "-s", generated.toString()),
                    null, files.getJavaFileObjects(moduleInfo, step));
            task.setProcessors(List.of(new ObservedProcessor()));
            assertEquals(true, task.call(), diagnostics::toString);
        }
        assertEquals("", diagnostics.toString());
        return Files.readString(generated.resolve("com/acme/InstrumentedStep.java"));
    }
}
