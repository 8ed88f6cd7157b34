package dev.tta.workflow.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every code block of the README is either extracted by a test or marked as an illustration, so a new snippet meant
 * to be copied cannot go untested by accident.
 */
class ReadmeBlocksTest {

    private final Readme readme = Readme.load();

    @Test
    void everyCodeBlockIsTestedOrMarkedAsAnIllustration() {
        List<String> unmarked = readme.blocks().stream()
                .filter(block -> !block.language().isEmpty() && block.marker() == null)
                .map(block -> readme.file().getFileName() + ":" + block.line() + " (```" + block.language() + ")")
                .toList();
        assertEquals(List.of(), unmarked, "put <!-- readme-test: NAME --> (a block a test extracts) or "
                + "<!-- illustration --> on the line before each code block");
    }

    @Test
    void everyMarkerNamesABlockATestExtracts() {
        List<String> unknown = readme.blocks().stream()
                .filter(block -> block.marker() != null && !block.marker().equals(Readme.ILLUSTRATION)
                        && !Readme.TESTED.contains(block.marker()))
                .map(block -> block.line() + ": " + block.marker())
                .toList();
        assertEquals(List.of(), unknown, "markers known to the tests: " + Readme.TESTED);
    }

    @Test
    void theQuickStartIsWholeJavaCompilationUnits() {
        Map<String, String> sources = readme.javaSources(Readme.QUICK_START);
        assertTrue(sources.containsKey("com/acme/Main.java"), sources.keySet().toString());
        sources.forEach((path, text) -> assertFalse(text.contains("..."), path + " has a placeholder"));
        assertEquals(1, readme.javaSources(Readme.OPENTELEMETRY).size());
        assertTrue(readme.single(Readme.POM).startsWith("<?xml"), "the pom block is a whole pom.xml");
    }
}
