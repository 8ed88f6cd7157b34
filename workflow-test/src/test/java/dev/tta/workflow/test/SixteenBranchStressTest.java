package dev.tta.workflow.test;

import static dev.tta.workflow.test.WorkflowAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A thousand runs of a sixteen-branch parallel block, the repetitions themselves running at once: branches end in a
 * random order, on the library's pool threads, while other tests run the same step names. Every repetition must see
 * exactly its own trace, metrics, percentiles and log lines.
 */
@Execution(ExecutionMode.CONCURRENT)
@ExtendWith(WorkflowTelemetryExtension.class)
class SixteenBranchStressTest {

    private static final int BRANCHES = 16;

    /** The expected tree, branches deliberately listed in reverse: a parallel block's children match in any order. */
    private static final String TREE;

    static {
        StringBuilder tree = new StringBuilder("fanout-run(fanout [parallel](");
        for (int i = BRANCHES - 1; i >= 0; i--) {
            tree.append("b").append(i).append(" OK").append(i > 0 ? ", " : "");
        }
        TREE = tree.append("), join)").toString();
    }

    @RepeatedTest(1000)
    void sixteenBranchesAlwaysMatch(TestTelemetry telemetry) throws Exception {
        List<WorkflowPrimitive<String, String>> branches = new ArrayList<>();
        for (int i = 0; i < BRANCHES; i++) {
            branches.add(FakeSteps.step("b" + i, (String input) -> {
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000)); // end in any order
                return input;
            }));
        }
        @SuppressWarnings("unchecked")
        WorkflowPrimitive<String, String>[] array = branches.toArray(WorkflowPrimitive[]::new);
        var workflow = Workflows.parallel(array).named("fanout")
                .then(FakeSteps.step("join", (List<String> results) -> String.join("", results)))
                .named("fanout-run");

        workflow.execute("x", WorkflowContext.start("fanout"));

        assertThat(telemetry).hasTree(TREE).hasMetricsMatchingTrace().logsCarryTraceId()
                .logs().hasEventCount("primitive.completed", BRANCHES + 3);
        assertEquals(1, WorkflowTelemetry.latency("b7").count(), "this test's percentiles only");
    }
}
