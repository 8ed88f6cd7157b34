package dev.tta.workflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: files written where the README says, and clear errors. */
class OpsGeneratorTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return OpsGenerator.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesOneRuleFileAndOneDashboardPerWorkflow() throws Exception {
        assertEquals(0, run("--descriptors", Fixtures.SUPPORT_AGENT.toString(), "--out", directory.toString(),
                "--service-label", "service"));
        for (String file : List.of("prometheus/support-agent-rules.yml", "prometheus/workflows-rules.yml",
                "grafana/support-agent-dashboard.json", "grafana/workflows-dashboard.json")) {
            assertTrue(Files.isRegularFile(directory.resolve(file)), file + " in " + out);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Read 5 primitives from 1 descriptor(s)"));
        assertTrue(Files.readString(directory.resolve("prometheus/support-agent-rules.yml"))
                .contains("sum by (service, workflow_name"));
    }

    @Test
    void badArgumentsExitWith2AndSayWhy() {
        assertEquals(2, run("--out", directory.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--descriptors and --out are required"));
        assertEquals(2, run("--descriptors", "x", "--out", directory.toString(), "--bogus", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --bogus"));
        assertEquals(2, run("--descriptors", Fixtures.SUPPORT_AGENT.toString(), "--out", directory.toString(),
                "--service-label", "not a label"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a usable Prometheus label name"));
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage: OpsGenerator"));
    }

    @Test
    void aMissingDescriptorFailsWith1() {
        assertEquals(1, run("--descriptors", directory.resolve("nothing.json").toString(), "--out",
                directory.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not exist"));
        // A class path without descriptors: nothing to generate from is an error, not an empty result.
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(new java.net.URLClassLoader(new java.net.URL[0], null));
            assertEquals(1, run("--descriptors", "classpath", "--out", directory.toString()));
        } finally {
            thread.setContextClassLoader(original);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no primitive descriptor found"));
    }

    @Test
    void workflowsWhoseFileNamesClashAreRejected() {
        PrimitiveDescriptor a = new PrimitiveDescriptor("A", "step", "Check Out", "a.A", List.of());
        PrimitiveDescriptor b = new PrimitiveDescriptor("B", "step", "check-out", "b.B", List.of());
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> new OpsGenerator("job").generate(List.of(a, b), directory));
        assertTrue(failure.getMessage().contains("would both be written as check-out"), failure.getMessage());
    }
}
