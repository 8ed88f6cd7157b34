package dev.tta.workflow.logging;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The contract with Log4j 2 as the SLF4J backend; the provider comes in through Log4j's service loader alone. */
class Log4j2IdsTest extends LogIdsContract {

    private final Log4jLines lines = Log4jLines.attach();

    @AfterEach
    void detach() {
        lines.detach();
    }

    @Override
    List<Map<String, String>> linesWith(String message) {
        return lines.withMessage(message).stream().map(event -> event.getContextData().toMap()).toList();
    }

    @Override
    void clearLines() {
        // Each test attaches a fresh appender.
    }
}
