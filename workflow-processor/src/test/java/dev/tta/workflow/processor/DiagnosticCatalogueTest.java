package dev.tta.workflow.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic.Kind;
import org.junit.jupiter.api.Test;

/** The {@link Diagnostic} catalogue and the README's table of diagnostics list the same tags, with the same kinds. */
class DiagnosticCatalogueTest {

    private static final Pattern TAG = Pattern.compile("`\\[((?:Observed|Slo)[A-Za-z]*)\\]`");
    private static final Pattern PLACEHOLDER = Pattern.compile("%(\\d+\\$)?s");

    @Test
    void theReadmeTableListsEveryTagOfTheCatalogueAndNoOther() throws IOException {
        Set<String> catalogue = Arrays.stream(Diagnostic.values()).map(Diagnostic::tag)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        for (String row : tableRows()) {
            Matcher tags = TAG.matcher(row);
            while (tags.find()) {
                documented.add(tags.group(1));
            }
        }
        Set<String> undocumented = new TreeSet<>(catalogue);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(catalogue);
        assertTrue(undocumented.isEmpty(), () -> "missing from the README's table: " + undocumented);
        assertTrue(unknown.isEmpty(), () -> "in the README's table but not in the catalogue: " + unknown);
    }

    @Test
    void theReadmeTableMarksWarningsAndNotesAsTheCatalogueDoes() throws IOException {
        for (String row : tableRows()) {
            String when = row.startsWith("| warning ") ? "warning" : row.startsWith("| note ") ? "note" : "error";
            Matcher tags = TAG.matcher(row);
            while (tags.find()) {
                String tag = tags.group(1);
                for (Diagnostic diagnostic : Diagnostic.values()) {
                    if (diagnostic.tag().equals(tag)) {
                        assertEquals(kindName(diagnostic.kind()), when, () -> tag + " in row " + row);
                    }
                }
            }
        }
    }

    @Test
    void everyMessageStartsWithItsTagAndFillsItsPlaceholders() {
        for (Diagnostic diagnostic : Diagnostic.values()) {
            Object[] arguments = new Object[12];
            Arrays.fill(arguments, "x");
            String message = diagnostic.message(arguments);
            assertTrue(message.startsWith("[" + diagnostic.tag() + "] "), message);
            assertTrue(!PLACEHOLDER.matcher(message).find(), () -> diagnostic + ": " + message);
        }
    }

    private static String kindName(Kind kind) {
        return switch (kind) {
            case WARNING, MANDATORY_WARNING -> "warning";
            case NOTE, OTHER -> "note";
            case ERROR -> "error";
        };
    }

    /** The rows of the table that follows "Every diagnostic of the processor" in the README. */
    private static List<String> tableRows() throws IOException {
        Path readme = Path.of("..", "README.md");
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int start = 0;
        while (start < lines.size() && !lines.get(start).startsWith("Every diagnostic of the processor")) {
            start++;
        }
        assertTrue(start < lines.size(), "README.md has no table of diagnostics");
        while (!lines.get(start).startsWith("| tag |")) {
            start++;
        }
        List<String> rows = lines.subList(start + 2, lines.size()).stream()
                .takeWhile(line -> line.startsWith("|")).toList();
        assertTrue(rows.size() > 10, "the table of diagnostics looks truncated: " + rows);
        return rows;
    }
}
