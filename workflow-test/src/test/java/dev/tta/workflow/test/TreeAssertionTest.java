package dev.tta.workflow.test;

import static dev.tta.workflow.test.FakeSteps.step;
import static dev.tta.workflow.test.WorkflowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tta.workflow.Backoff;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tree notation, its order rules, and the failure message. */
@ExtendWith(WorkflowTelemetryExtension.class)
class TreeAssertionTest {

    private static final WorkflowPrimitive<String, String> ORDER = Workflows.sequence(step("a"),
            Workflows.<String, String>parallel(step("p1"), step("p2")).named("both").then(step("merge",
                    (java.util.List<String> parts) -> String.join("", parts))),
            step("z")).named("order");

    @Test
    void bothNotationsSayTheSame(TestTelemetry telemetry) throws Exception {
        ORDER.execute("x", WorkflowContext.start("order"));
        assertThat(telemetry).hasTree("order(a, sequence(both(p2, p1), merge), z)").hasTree("""
                order [sequential] OK
                  a [step]
                  sequence
                    both [parallel]
                      p1 OK
                      p2 workflow.branch.index=1
                    merge
                  z workflow.step.index=2
                """);
    }

    @Test
    void aSequenceIsOrderedAndTheFailureShowsADiff(TestTelemetry telemetry) throws Exception {
        ORDER.execute("x", WorkflowContext.start("order"));
        assertThatThrownBy(() -> assertThat(telemetry).hasTree("order(z, sequence(both(p1, p2), merge), a)"))
                .hasMessageContaining("  order\n-   z\n+   a\n")
                .hasMessageContaining("the whole trace:")
                .hasMessageContaining("both [parallel]");
        assertThatThrownBy(() -> assertThat(telemetry).hasTree("order(a, sequence(both(p1, p3), merge), z)"))
                .hasMessageContaining("-       p3\n+       p2\n");
    }

    @Test
    void statusesTypesAttributesAndRepetitions(TestTelemetry telemetry) throws Exception {
        var retried = Workflows.retry(FakeSteps.failingTimes("charge", 2, (String s) -> s), 3, Backoff.none())
                .named("charge-retry");
        retried.execute("x", WorkflowContext.start("pay"));
        assertThat(telemetry).hasTree("charge-retry [retry] OK(charge ERROR ×2, charge OK workflow.retry.attempt=3)");
        assertThat(telemetry).step("charge-retry").hasAttempts(3).succeeded().and()
                .step("charge", 0).failedWith(IllegalStateException.class).hasAttribute("workflow.retry.attempt", 1);
        assertThatThrownBy(() -> assertThat(telemetry).hasTree("charge-retry(charge ×2)"))
                .hasMessageContaining("    charge\n+   charge\n");
        assertThatThrownBy(() -> assertThat(telemetry).hasTree("charge-retry(oops"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void attemptsAreCountedWhenTheRetriedStepHasNoSpan(TestTelemetry telemetry) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WorkflowPrimitive<String, String> plain = new WorkflowPrimitive<>() {
            @Override
            public String execute(String input, WorkflowContext context) {
                if (calls.incrementAndGet() < 3) {
                    throw new IllegalStateException("not yet");
                }
                return input;
            }
        };
        Workflows.retry(plain, 3, Backoff.none()).named("plain-retry").execute("x", WorkflowContext.start("pay"));
        assertThat(telemetry).hasTree("plain-retry [retry] OK");
        assertThat(telemetry).step("plain-retry").hasAttempts(3);
        assertThatThrownBy(() -> assertThat(telemetry).step("plain-retry").hasAttempts(2))
                .hasMessageContaining("but it made 3");
    }

    @TestFactory
    Stream<DynamicTest> dynamicTestsShareTheirFactorysTelemetry() {
        return Stream.of("one", "two").map(name -> DynamicTest.dynamicTest(name, () -> {
            int before = TestTelemetry.current().traces().size();
            FakeSteps.step(name).execute("x", WorkflowContext.start(name));
            assertThat(TestTelemetry.current()).hasTraceCount(before + 1);
        }));
    }

    @Test
    void routesAndCosts(TestTelemetry telemetry) throws Exception {
        var router = Workflows.router((String s) -> s.startsWith("vip") ? "premium" : "standard")
                .route("premium", FakeSteps.costing("bigModel", Cost.tokens("big", 1200, 300)))
                .route("standard", FakeSteps.costing("smallModel", Cost.money(new BigDecimal("0.0025"), "USD")))
                .named("answer")
                .build();
        router.execute("vip-1", WorkflowContext.start("answer"));
        assertThat(telemetry).hasTree("answer [router] route=premium(bigModel)");
        assertThat(telemetry).step("answer").tookRoute("premium").hasTokens(1200, 300).and()
                .step("bigModel").hasParent("answer").hasAttribute("gen_ai.request.model", "big");
        assertThat(telemetry).metrics().hasCounter("gen_ai.client.token.usage", 1500, "gen_ai.request.model", "big")
                .hasCounter("workflow.router.decisions", 1, "route", "premium")
                .hasConsistentAttributeKeys();

        telemetry.clear();
        router.execute("plain", WorkflowContext.start("answer"));
        assertThat(telemetry).step("smallModel").hasCost("USD", 0.0025);
        assertThat(telemetry.trace()).isWellFormed().allSucceeded().hasSpanCount(2);
    }
}
