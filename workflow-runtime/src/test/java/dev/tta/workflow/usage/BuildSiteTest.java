package dev.tta.workflow.usage;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.tta.workflow.Sequence;
import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.telemetry.LogCapture;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Built-in primitives' spans point at the line of the user's code that built them (a package of its own, as users'). */
class BuildSiteTest {

    private TelemetryFixture telemetry;

    @BeforeEach
    void install() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
    }

    @Test
    void aBuiltInPrimitivesSpanNamesTheLineThatBuiltIt() throws Exception {
        WorkflowPrimitive<String, String> a = step("site.a", (String input) -> input);
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        Sequence<String, String> built = Workflows.sequence(a).named("site.sequence");

        built.execute("x", WorkflowContext.start("site"));

        SpanData span = telemetry.span("site.sequence");
        assertEquals("dev/tta/workflow/usage/BuildSiteTest.java",
                span.getAttributes().get(TelemetryNames.CODE_FILE_PATH));
        assertEquals((long) line, span.getAttributes().get(TelemetryNames.CODE_LINE_NUMBER),
                "the line that built the instance");
    }

    @Test
    void unnamedPrimitivesBuiltInTwoPlacesAreToldToTakeNamesOnce() throws Exception {
        WorkflowPrimitive<String, String> echo = step("names.echo", (String input) -> input);
        try (LogCapture log = new LogCapture("dev.tta.workflow.telemetry", Level.WARN)) {
            WorkflowPrimitive<String, String> first = Workflows.timeout(echo, Duration.ofSeconds(5));
            WorkflowPrimitive<String, String> second = Workflows.timeout(echo, Duration.ofSeconds(6));
            first.execute("a", WorkflowContext.start("names"));
            first.execute("a", WorkflowContext.start("names"));
            second.execute("b", WorkflowContext.start("names"));
            second.execute("b", WorkflowContext.start("names"));
            Workflows.timeout(echo, Duration.ofSeconds(7)).named("named.timeout").execute("c",
                    WorkflowContext.start("names"));

            List<String> warnings = log.events().stream().map(e -> e.getFormattedMessage())
                    .filter(m -> m.contains("share the name 'timeout'")).toList();
            assertEquals(1, warnings.size(), log.events()::toString);
            assertTrue(warnings.get(0).contains("BuildSiteTest.java:"), warnings.get(0));
            assertNotEquals(-1, warnings.get(0).indexOf("named(...)"));
        }
    }
}
