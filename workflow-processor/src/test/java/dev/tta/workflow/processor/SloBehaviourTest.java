package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.compile;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import dev.tta.workflow.WorkflowTelemetry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generated classes pass the objectives of their annotations to the runtime, which then counts every execution.
 */
class SloBehaviourTest {

    private static final JavaFileObject QUOTE = source("com.acme.Quote", """
            package com.acme;

            import dev.tta.workflow.context.WorkflowContext;
            import dev.tta.workflow.WorkflowPrimitive;
            import dev.tta.workflow.annotations.AvailabilitySlo;
            import dev.tta.workflow.annotations.LatencySlo;
            import dev.tta.workflow.annotations.Observed;

            @Observed(name = "slo-behaviour.quote", workflow = "checkout")
            @LatencySlo(target = 0.95, thresholdMillis = 60000, periodDays = 7)
            @AvailabilitySlo(target = 0.9)
            public class Quote extends WorkflowPrimitive<Integer, Integer> {
                @Override
                public Integer execute(Integer cents, WorkflowContext context) {
                    if (cents < 0) {
                        throw new IllegalArgumentException("negative price");
                    }
                    return cents;
                }
            }
            """);

    private static final JavaFileObject LEDGER = source("com.acme.Ledger", """
            package com.acme;

            import dev.tta.workflow.annotations.AvailabilitySlo;
            import dev.tta.workflow.annotations.Observed;

            @Observed(name = "slo-behaviour.ledger")
            @AvailabilitySlo(target = 0.5, periodDays = 1)
            public class Ledger {
                public void post(int cents) {
                    if (cents == 0) {
                        throw new IllegalStateException("nothing to post");
                    }
                }

                @AvailabilitySlo(target = 0.75, periodDays = 1)
                public void close() {
                }
            }
            """);

    @Test
    void eachExecutionOfAGeneratedStepCountsForTheObjectivesOfItsAnnotations() throws Exception {
        Compilation compilation = compile(QUOTE, LEDGER);
        assertThat(compilation).succeededWithoutWarnings();
        CompiledClassLoader loader = new CompiledClassLoader(compilation);
        @SuppressWarnings("unchecked")
        WorkflowPrimitive<Integer, Integer> quote = (WorkflowPrimitive<Integer, Integer>)
                loader.load("com.acme.InstrumentedQuote").getConstructor().newInstance();

        for (int cents : new int[] {100, 200, 300}) {
            quote.execute(cents, WorkflowContext.start("checkout"));
        }
        assertThrows(IllegalArgumentException.class, () -> quote.execute(-1, WorkflowContext.start("checkout")));

        SloStatus latency = WorkflowTelemetry.sloStatus("slo-behaviour.quote", "latency-60000ms");
        assertEquals(ServiceLevelObjective.latency("latency-60000ms", 0.95, Duration.ofMinutes(1),
                Duration.ofDays(7)), latency.objective());
        assertEquals(3, latency.total(), "the failure is no latency event");
        assertEquals(3, latency.good());
        SloStatus availability = WorkflowTelemetry.sloStatus("slo-behaviour.quote", "availability");
        assertEquals(0.9, availability.objective().target());
        assertEquals(Optional.empty(), availability.objective().threshold());
        assertEquals(4, availability.total());
        assertEquals(3, availability.good());
        assertEquals(1 - 0.25 / 0.1, availability.errorBudgetRemaining(), 1e-9);

        Object ledger = loader.load("com.acme.InstrumentedLedger").getConstructor().newInstance();
        Method post = ledger.getClass().getMethod("post", int.class);
        post.invoke(ledger, 5);
        assertThrows(InvocationTargetException.class, () -> post.invoke(ledger, 0));
        ledger.getClass().getMethod("close").invoke(ledger);
        // Every traced method is a primitive of its own, with the class's objective unless it replaces it.
        assertEquals(2, WorkflowTelemetry.sloStatus("slo-behaviour.ledger.post", "availability").total());
        assertEquals(1, WorkflowTelemetry.sloStatus("slo-behaviour.ledger.post", "availability").bad());
        SloStatus close = WorkflowTelemetry.sloStatus("slo-behaviour.ledger.close", "availability");
        assertEquals(0.75, close.objective().target());
        assertEquals(Duration.ofDays(1), close.objective().period());
        assertEquals(1, close.good());
    }
}
