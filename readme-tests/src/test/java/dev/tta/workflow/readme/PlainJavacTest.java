package dev.tta.workflow.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code javac} and {@code java -cp} lines, run as they are by {@code sh} with this JDK's tools: the jars
 * they name copied into the working directory, the Quick start's classes in {@code src/com/acme}.
 */
class PlainJavacTest {

    private static final Pattern JAR = Pattern.compile("[\\w.-]+\\.jar");

    @TempDir
    Path work;

    @Test
    void theJavacAndJavaLinesCompileAndRunTheQuickStart() throws IOException {
        Readme readme = Readme.load();
        String commands = readme.single(Readme.JAVAC);
        Set<String> jars = new TreeSet<>();
        Matcher jar = JAR.matcher(commands);
        while (jar.find()) {
            jars.add(jar.group());
        }
        for (String name : jars) {
            Files.copy(Build.jar(name), work.resolve(name));
        }
        Build.writeSources(work.resolve("src"), readme.javaSources(Readme.QUICK_START));

        Build.Result result = Build.run(List.of("sh", "-e", "-c", commands), work, Map.of(), 180);
        assertEquals(0, result.exitCode(), () -> commands + "\n" + result.output());
        String output = result.output();
        assertTrue(Files.isRegularFile(work.resolve("classes/com/acme/InstrumentedChargePayment.class")));
        assertTrue(output.contains("confirmed: reserved for o-1, charged 4200 cents"), output);
        assertTrue(output.contains("payment.charge p99: PT"), output);
        assertFalse(output.contains("warning"), "javac -Xlint:all is silent:\n" + output);
        assertFalse(output.contains("SLF4J"), "SLF4J finds its binding:\n" + output);

        // Without -s, javac writes generated sources next to the classes: the README shows one as it is.
        String generated = Files.readString(work.resolve("classes/com/acme/InstrumentedChargePayment.java"));
        String shown = readme.single(Readme.GENERATED);
        assertTrue(generated.endsWith(shown), () -> "the README's generated class differs from the processor's:\n"
                + generated);
    }
}
