package dev.tta.workflow.spi;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.context.WorkflowContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The first execution under a newly installed OpenTelemetry instance pays for binding the library's instruments to
 * it; that time is not the execution's, so its recorded latency leaves it out, as its span does.
 */
class FirstCallLatencyTest {

    /** Binding to this instance takes 300 ms, far more than the step, whatever the machine's load. */
    private static final class SlowToBind implements OpenTelemetry {
        @Override
        public TracerProvider getTracerProvider() {
            return TracerProvider.noop();
        }

        @Override
        public MeterBuilder meterBuilder(String instrumentationScopeName) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return MeterProvider.noop().meterBuilder(instrumentationScopeName);
        }

        @Override
        public MeterProvider getMeterProvider() {
            return MeterProvider.noop();
        }

        @Override
        public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
        }
    }

    @AfterEach
    void restore() {
        WorkflowTelemetry.useGlobal();
    }

    @Test
    void bindingANewInstanceIsNotCountedInTheFirstExecutionsLatency() throws Exception {
        WorkflowPrimitive<String, String> echo = step("first.call", (String input) -> input);
        WorkflowTelemetry.install(new SlowToBind());

        echo.execute("x", WorkflowContext.start("first"));

        assertEquals(1, WorkflowTelemetry.latency("first.call").count());
        Duration recorded = WorkflowTelemetry.latency("first.call").max();
        assertTrue(recorded.compareTo(Duration.ofMillis(150)) < 0,
                "the 300 ms binding is not the step's latency, recorded " + recorded);
    }
}
