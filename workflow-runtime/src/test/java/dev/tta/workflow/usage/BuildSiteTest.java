package dev.tta.workflow.usage;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tta.workflow.Sequence;
import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.sdk.trace.data.SpanData;
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
}
