package dev.tta.workflow.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's example is {@link CheckoutTelemetryTest}, compiled and run: the two must not drift apart. */
class ReadmeTest {

    @Test
    void theReadmeShowsTheCompiledExample() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/tta/workflow/test/CheckoutTelemetryTest.java"),
                StandardCharsets.UTF_8);
        String example = source.substring(source.indexOf("// README: begin\n") + "// README: begin\n".length(),
                source.indexOf("// README: end"));
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);

        assertThat(readme).contains("```java\n" + example + "```\n");
    }
}
