package dev.tta.workflow.ops.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.ops.OpsGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code flame} and {@code timeline} commands of the ops command line. */
class TraceCommandTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return OpsGenerator.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void flameWritesTheFlameGraphFiles() throws Exception {
        Path traces = SyntheticTraces.writeZipkin(SyntheticTraces.spans(200, 2), directory.resolve("t.jsonl"));
        Path views = directory.resolve("views");
        assertEquals(0, run("flame", "--spans", traces.toString(), "--out", views.toString()), err());
        assertTrue(out().contains("Read 2000 spans of 200 runs; wrote:"), out());
        for (String file : new String[] {"flame.html", "flame.folded", "flame.speedscope.json", "flame-diff.html"}) {
            assertTrue(Files.isRegularFile(views.resolve(file)), file);
        }
        assertTrue(Files.readString(views.resolve("flame.html")).contains("support-agent: 200 runs, 2,000 spans"));
    }

    @Test
    void timelineWritesTheSlowestRunOrTheOneAsked() throws Exception {
        Path traces = SyntheticTraces.writeZipkin(SyntheticTraces.spans(50, 2), directory.resolve("t.jsonl"));
        Path views = directory.resolve("views");
        assertEquals(0, run("timeline", "--spans", traces.toString(), "--out", views.toString()), err());
        String slowest = String.format("%032x", 38);
        assertTrue(out().contains("Timeline of trace " + slowest), out());
        assertTrue(Files.readString(views.resolve("timeline.json")).contains("\"trace.id\":\"" + slowest + "\""));
        assertEquals(0, run("timeline", "--spans", traces.toString(), "--out", views.toString(), "--trace-id",
                String.format("%032X", 3), "--format", "zipkin", "--title", "third"), err());
        assertTrue(Files.readString(views.resolve("timeline.html")).contains("<h1>third</h1>"));
        assertEquals(1, run("timeline", "--spans", traces.toString(), "--out", views.toString(), "--trace-id", "ff"));
        assertTrue(err().contains("no trace ff among the 50 runs"), err());
    }

    @Test
    void badInputExitsWith1AndNamesTheLine() throws Exception {
        Path broken = Files.writeString(directory.resolve("b.jsonl"), "[]\n[{\"traceId\":\n");
        assertEquals(1, run("flame", "--spans", broken.toString(), "--out", directory.toString()));
        assertTrue(err().contains(broken + ":"), err());
        assertTrue(err().contains("malformed JSON"), err());
        assertEquals(1, run("flame", "--spans", directory.resolve("none.jsonl").toString(), "--out",
                directory.toString()));
        assertTrue(err().contains("does not exist"), err());
    }

    @Test
    void badArgumentsExitWith2() {
        assertEquals(2, run("flame", "--out", directory.toString()));
        assertTrue(err().contains("flame needs --spans and --out"), err());
        assertEquals(2, run("flame", "--spans", "x", "--out", "y", "--trace-id", "1"));
        assertTrue(err().contains("--trace-id is an option of timeline"), err());
        assertEquals(2, run("timeline", "--spans", "x", "--out", "y", "--format", "jaeger"));
        assertTrue(err().contains("unknown span format 'jaeger'"), err());
        assertEquals(0, run("flame", "--help"));
        assertTrue(out().contains("usage: OpsGenerator flame"), out());
    }
}
