package dev.tta.workflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** promtool from Debian's prometheus package: rule checks and rule unit tests. */
final class Promtool {

    private final Path binary = ExternalTools.promtool();

    /** {@code promtool check rules}: the result, whatever the exit status. */
    Processes.Result checkRules(Path... files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "check", "rules"));
        for (Path file : files) {
            command.add(file.toString());
        }
        return Processes.run(files[0].getParent(), command);
    }

    /** {@code promtool check rules}, asserting success. */
    String assertRulesValid(Path... files) throws IOException, InterruptedException {
        Processes.Result result = checkRules(files);
        assertEquals(0, result.exitCode(), () -> "promtool check rules failed:\n" + result.output());
        return result.output();
    }

    /** {@code promtool test rules}: the result, whatever the exit status. */
    Processes.Result testRules(Path testFile) throws IOException, InterruptedException {
        return Processes.run(testFile.getParent(), binary.toString(), "test", "rules", testFile.toString());
    }
}
