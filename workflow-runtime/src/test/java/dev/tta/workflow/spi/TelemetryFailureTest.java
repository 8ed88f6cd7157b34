package dev.tta.workflow.spi;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Telemetry that fails with an {@link Error} short of a {@link VirtualMachineError} (an {@link AssertionError} from a
 * span processor or from the logging backend) never changes the workflow's result or exception and leaves nothing
 * on the thread: no current span, no MDC ids, and every span ended.
 */
class TelemetryFailureTest {

    private TelemetryFixture telemetry;

    @AfterEach
    void uninstall() {
        if (telemetry != null) {
            telemetry.close();
        }
    }

    /** A span processor that asserts on every start or end, as a test double or a broken exporter might. */
    private static final class AssertingProcessor implements SpanProcessor {
        private final boolean onStart;

        AssertingProcessor(boolean onStart) {
            this.onStart = onStart;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            if (onStart) {
                throw new AssertionError("span processor asserted on start");
            }
        }

        @Override
        public boolean isStartRequired() {
            return true;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            if (!onStart) {
                throw new AssertionError("span processor asserted on end");
            }
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @Test
    void anAssertionErrorFromASpanProcessorAtStartChangesNeitherResultNorException() throws Exception {
        telemetry = TelemetryFixture.install(new AssertingProcessor(true));
        assertTheWorkflowIsUnaffected("failure.start");
    }

    @Test
    void anAssertionErrorFromASpanProcessorAtEndChangesNeitherResultNorException() throws Exception {
        telemetry = TelemetryFixture.install(new AssertingProcessor(false));
        assertTheWorkflowIsUnaffected("failure.end");
    }

    @Test
    void anAssertionErrorFromTheLoggerAtTheStartLeavesNothingOnTheThread() throws Exception {
        telemetry = TelemetryFixture.install();
        Logger stepLogger = (Logger) LoggerFactory.getLogger("dev.tta.workflow.TestSteps$Instrumented");
        Level previous = stepLogger.getLevel();
        AppenderBase<ILoggingEvent> asserting = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getMessage().startsWith("primitive.")) {
                    throw new AssertionError("logging backend asserted on " + event.getMessage());
                }
            }
        };
        asserting.start();
        stepLogger.setLevel(Level.DEBUG);
        stepLogger.addAppender(asserting);
        try {
            assertTheWorkflowIsUnaffected("failure.logger");
        } finally {
            stepLogger.detachAppender(asserting);
            stepLogger.setLevel(previous);
        }
        assertEquals(2, telemetry.spans().size(), "both executions' spans ended and were exported");
    }

    @Test
    void aThrowingObserverIsReportedAndTheWorkflowRunsOn() throws Exception {
        telemetry = TelemetryFixture.install();
        ExecutionObserver broken = new ExecutionObserver() {
            @Override
            public Object onStart(Execution execution) {
                throw new AssertionError("observer asserted");
            }

            @Override
            public void onEnd(Execution execution, Object state) {
                throw new IllegalStateException("observer failed");
            }
        };
        try (ExecutionObservers.Registration ignored = ExecutionObservers.register(broken)) {
            assertTheWorkflowIsUnaffected("failure.observer");
        }
    }

    private static void assertTheWorkflowIsUnaffected(String name) throws Exception {
        WorkflowPrimitive<String, String> upper = step(name + ".ok", (String input) -> input.toUpperCase());
        assertEquals("HI", upper.execute("hi", WorkflowContext.start("failures")));
        assertTheThreadIsClean();

        IOException own = new IOException("the step's own failure");
        WorkflowPrimitive<String, String> failing = step(name + ".failing", (String input, WorkflowContext c) -> {
            throw own;
        });
        assertSame(own, assertThrows(IOException.class,
                () -> failing.execute("hi", WorkflowContext.start("failures"))), "the same exception instance");
        assertEquals(0, own.getSuppressed().length, "nothing attached to the user's exception");
        assertTheThreadIsClean();
    }

    private static void assertTheThreadIsClean() {
        assertFalse(Span.current().getSpanContext().isValid(), "no span stays current");
        assertNull(MDC.get(TelemetryNames.MDC_TRACE_ID));
        assertNull(MDC.get(TelemetryNames.MDC_SPAN_ID));
        assertNull(MDC.get(TelemetryNames.MDC_WORKFLOW_ID));
        assertNull(MDC.get(TelemetryNames.MDC_CORRELATION_ID));
    }
}
