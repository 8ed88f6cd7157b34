package dev.tta.workflow.ops.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output, byte for byte, against the files in {@code src/test/resources/flame/golden}: the same spans give the
 * same bytes, in whatever order they come. Run with {@code -Dflame.golden.update=true} to rewrite the files after an
 * intended change, and review the difference.
 */
class GoldenOutputTest {

    private static final Path GOLDEN = Path.of("src/test/resources/flame/golden");

    @TempDir
    Path directory;

    @Test
    void outputsMatchTheGoldenFiles() throws IOException {
        List<TraceSpan> spans = SpanReader.read(
                SyntheticTraces.writeZipkin(SyntheticTraces.spans(101, 5), directory.resolve("traces.jsonl")));
        List<Path> written = TraceViews.writeSpans(spans, directory.resolve("views"), null);
        assertEquals(List.of(TraceViews.FLAME_HTML, TraceViews.FLAME_FOLDED, TraceViews.FLAME_SPEEDSCOPE,
                TraceViews.FLAME_DIFF_HTML, TraceViews.TIMELINE_JSON, TraceViews.TIMELINE_HTML),
                written.stream().map(file -> file.getFileName().toString()).toList());
        boolean update = Boolean.getBoolean("flame.golden.update");
        for (Path file : written) {
            Path golden = GOLDEN.resolve(file.getFileName());
            if (update) {
                Files.createDirectories(GOLDEN);
                Files.copy(file, golden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            assertEquals(Files.readString(golden, StandardCharsets.UTF_8), Files.readString(file, StandardCharsets.UTF_8),
                    file.getFileName() + " differs from " + golden + " (-Dflame.golden.update=true rewrites it)");
        }
        // Shuffled input, same bytes.
        List<TraceSpan> shuffled = new ArrayList<>(spans);
        Collections.shuffle(shuffled, new Random(3));
        for (Path file : TraceViews.writeSpans(shuffled, directory.resolve("shuffled"), null)) {
            assertEquals(Files.readString(GOLDEN.resolve(file.getFileName())), Files.readString(file),
                    file.getFileName() + " depends on the order of the spans");
        }
    }
}
