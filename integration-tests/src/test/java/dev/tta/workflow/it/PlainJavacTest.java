package dev.tta.workflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's plain {@code javac} command, run for real: the JDK's own {@code javac} binary, the processor found
 * through {@code -processorpath} alone (no Maven, no class-path discovery, which JDK 23+ would ignore anyway), the
 * generated code compiled with {@code -Xlint:all -Werror}, then loaded and run against the SDK.
 */
class PlainJavacTest {

    private static final String GREETER = """
            package com.acme;

            import dev.tta.workflow.annotations.Observed;

            public class Greeter {
                @Observed
                public String greet(@Observed.Attribute("greeting.name") String name) {
                    return "hello " + name;
                }
            }
            """;

    private static final String DIRECTORY = """
            package com.acme;

            import dev.tta.workflow.annotations.Observed;

            @Observed
            public interface Directory {
                String lookup(String name);
            }
            """;

    @TempDir
    Path root;

    private Sdk sdk;

    @BeforeEach
    void install() {
        sdk = Sdk.installed();
    }

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void javacWithTheProcessorPathCompilesAndTheGeneratedClassesRun() throws Exception {
        String processorPath = path(entry("workflow-processor"), entry("workflow-annotations"), entry("javapoet"));
        String classPath = path(entry("workflow-annotations"), entry("workflow-runtime"), entry("opentelemetry-api"),
                entry("opentelemetry-context"));
        Path sources = Files.createDirectories(root.resolve("src/com/acme"));
        Path greeter = Files.writeString(sources.resolve("Greeter.java"), GREETER);
        Path directory = Files.writeString(sources.resolve("Directory.java"), DIRECTORY);
        Path classes = root.resolve("classes");

        // javac -d classes -processorpath <processor>:<annotations>:<javapoet> -classpath <annotations>:<runtime>:
        //     <opentelemetry-api>:<opentelemetry-context> -Xlint:all -Werror src/com/acme/*.java
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d", classes.toString(),
                "-processorpath", processorPath,
                "-classpath", classPath,
                "-Xlint:all", "-Werror",
                greeter.toString(), directory.toString()));
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, javac.waitFor(), () -> String.join(" ", command) + "\n" + output);
        assertEquals("", output, "no warning, no note");
        assertTrue(Files.isRegularFile(classes.resolve("com/acme/InstrumentedGreeter.class")));
        assertTrue(Files.isRegularFile(classes.resolve("com/acme/InstrumentedDirectory.class")));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Object instrumented = loader.loadClass("com.acme.InstrumentedGreeter").getConstructor().newInstance();
            assertEquals("hello ada", instrumented.getClass().getMethod("greet", String.class)
                    .invoke(instrumented, "ada"));
        }
        SpanData span = sdk.named("Greeter.greet");
        assertEquals("ada", span.getAttributes().get(AttributeKey.stringKey("greeting.name")));
    }

    /** A class-path entry of the test: the artifact's jar, or its target/classes in a reactor build before package. */
    private static String entry(String artifact) {
        Pattern jar = Pattern.compile(Pattern.quote(artifact) + "-\\d[^" + Pattern.quote(File.separator) + "]*\\.jar");
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> jar.matcher(Path.of(entry).getFileName().toString()).matches()
                        || entry.endsWith(artifact + File.separator + "target" + File.separator + "classes"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(artifact + " is not on the test class path"));
    }

    private static String path(String... entries) {
        return String.join(File.pathSeparator, entries);
    }
}
