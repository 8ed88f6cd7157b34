package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.LogCapture;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What users of the primitives expect beyond the basics: typed fan-out, if-then, context keys, resets, reasons. */
class ConveniencesTest {

    private TelemetryFixture telemetry;

    @BeforeEach
    void install() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
    }

    private record Quote(String reservation, Integer price, Boolean express) {
    }

    @Test
    void aFanOutJoinsBranchesOfDifferentTypesWithoutCasts() throws Exception {
        WorkflowPrimitive<String, String> reserve = step("fan.reserve", (String order) -> "reserved:" + order);
        WorkflowPrimitive<String, Integer> price = step("fan.price", String::length);
        WorkflowPrimitive<String, Boolean> express = step("fan.express", (String order) -> order.startsWith("x"));

        FanOut<String, Quote> quote = Workflows.parallel(reserve, price, express, Quote::new).named("fan.quote");
        WorkflowPrimitive<String, String> two = Workflows.parallel(reserve, price, (r, p) -> r + "/" + p);

        assertEquals(new Quote("reserved:xyz", 3, true), quote.execute("xyz", WorkflowContext.start("fan")));
        assertEquals("reserved:ab/2", two.execute("ab", WorkflowContext.start("fan")));
        SpanData block = telemetry.span("fan.quote");
        assertEquals(TelemetryNames.TYPE_PARALLEL, block.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals(3, telemetry.childrenOf(block).size(), "one child span per branch");
        assertEquals(3, quote.branches().size());
    }

    @Test
    void aFanOutRethrowsTheFirstFailureUnchanged() {
        IOException down = new IOException("inventory down");
        WorkflowPrimitive<String, String> failing = step("fan.failing", (String o, WorkflowContext c) -> {
            throw down;
        });
        WorkflowPrimitive<String, Integer> price = step("fan.price2", String::length);
        FanOut<String, String> quote = Workflows.parallel(failing, price, (a, b) -> a + b);

        assertSame(down, assertThrows(IOException.class, () -> quote.execute("x", WorkflowContext.start("fan"))));
        assertThrows(IllegalArgumentException.class, () -> Workflows.parallel(failing, price, null));
    }

    @Test
    void aConditionalWithoutAnElsePassesItsInputThrough() throws Exception {
        WorkflowPrimitive<String, String> shout = step("if.shout", (String input) -> input.toUpperCase());
        Conditional<String, String> maybe = Workflows.when((String input) -> input.endsWith("!"), shout);

        assertEquals("HI!", maybe.execute("hi!", WorkflowContext.start("if")));
        assertEquals("hi", maybe.execute("hi", WorkflowContext.start("if")));
        assertEquals(null, maybe.otherwiseBranch());
        assertEquals(List.of(Conditional.THEN, Conditional.OTHERWISE), telemetry.spans().stream()
                .filter(span -> span.getName().equals(Conditional.DEFAULT_NAME))
                .map(span -> span.getAttributes().get(TelemetryNames.CONDITIONAL_BRANCH)).toList());
    }

    @Test
    void aCacheKeyCanBeComputedFromTheInputAndTheContext() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        WorkflowPrimitive<String, String> answer = step("cache.answer", (String question) -> {
            computed.incrementAndGet();
            return question.length() + " chars";
        });
        Cache<String, String> answers = Workflows.cacheWithContext(answer,
                        (String question, WorkflowContext context) -> context.metadata().get("tenant") + "/" + question)
                .maximumSize(10).build();

        WorkflowContext acme = WorkflowContext.start("cache").withMetadata("tenant", "acme");
        WorkflowContext globex = WorkflowContext.start("cache").withMetadata("tenant", "globex");
        answers.execute("why?", acme);
        answers.execute("why?", acme);
        answers.execute("why?", globex);

        assertEquals(2, computed.get(), "one computation per tenant");
    }

    @Test
    void aCircuitOpenExceptionSaysWhatOpenedTheCircuitAndResetClosesIt() throws Exception {
        AtomicLong clock = new AtomicLong();
        IOException refused = new IOException("connection refused");
        WorkflowPrimitive<String, String> flaky = step("cb.flaky", (String input, WorkflowContext c) -> {
            if (input.equals("fail")) {
                throw refused;
            }
            return input;
        });
        CircuitBreaker<String, String> breaker = Workflows.circuitBreaker(flaky).slidingWindowSize(4)
                .minimumCalls(4).failureRateThreshold(0.5).openDuration(Duration.ofSeconds(30))
                .clock(clock::get).named("cb.payments").build();
        for (String input : List.of("ok", "fail", "ok", "fail")) {
            try {
                breaker.execute(input, WorkflowContext.start("cb"));
            } catch (IOException expected) {
                // the failures that open it
            }
        }

        CircuitOpenException open = assertThrows(CircuitOpenException.class,
                () -> breaker.execute("ok", WorkflowContext.start("cb")));
        assertTrue(open.getMessage().contains("'cb.payments' is open (opened because 2 of the last 4 calls failed "
                + "(50.0 %, threshold 50.0 %))"), open.getMessage());
        assertSame(refused, open.getCause(), "the failure that opened the circuit");

        breaker.reset();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertEquals("ok", breaker.execute("ok", WorkflowContext.start("cb")));
        breaker.reset(); // resetting a closed circuit changes nothing
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    /** An @Observed step used as is, without its generated class (which this module's build does not generate). */
    @Observed
    static final class Unwrapped extends WorkflowPrimitive<String, String> {
        @Override
        public String execute(String input, WorkflowContext context) {
            return input;
        }
    }

    @Test
    void constructingAnObservedStepDirectlyIsLoggedOnceNamingTheGeneratedClass() {
        try (LogCapture log = new LogCapture("dev.tta.workflow.telemetry", Level.WARN)) {
            new Unwrapped();
            new Unwrapped();

            List<String> warnings = log.events().stream().map(e -> e.getFormattedMessage())
                    .filter(m -> m.contains("constructed directly")).toList();
            assertEquals(List.of("dev.tta.workflow.ConveniencesTest$Unwrapped is @Observed but was constructed "
                    + "directly, so it runs without spans, metrics or logs: construct "
                    + "dev.tta.workflow.InstrumentedConveniencesTest_Unwrapped instead."), warnings);
        }
    }
}
