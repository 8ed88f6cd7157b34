package dev.tta.workflow.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The adaptive rate on a controllable clock: a target of kept traces per second across 10x load steps. */
class AdaptiveRateTest {

    private static final long SECOND = 1_000_000_000L;
    private static final double TARGET = 50;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

    /** Feeds roots at a steady rate for some seconds; returns the roots kept in each second. */
    private int[] load(WorkflowSampler sampler, String workflow, int perSecond, int seconds) {
        int[] kept = new int[seconds];
        long step = SECOND / perSecond;
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < perSecond; i++) {
                clock.addAndGet(step);
                if (WorkflowSamplerTest.root(sampler, WorkflowSamplerTest.traceId(), workflow).getDecision()
                        == SamplingDecision.RECORD_AND_SAMPLE) {
                    kept[s]++;
                }
            }
        }
        return kept;
    }

    /** The first second from which every 10-second window is within 20 % of the target. */
    private static int settledAfter(int[] kept) {
        int settled = 0;
        for (int start = 0; start + 10 <= kept.length; start++) {
            int sum = 0;
            for (int i = start; i < start + 10; i++) {
                sum += kept[i];
            }
            double rate = sum / 10.0;
            if (Math.abs(rate - TARGET) > 0.2 * TARGET) {
                settled = start + 1;
            }
        }
        return settled;
    }

    @Test
    void holdsTheTargetAcrossTenfoldLoadStepsAndSettlesWithin30Seconds() {
        WorkflowSampler sampler = WorkflowSampler.builder().adaptiveRule("support", TARGET)
                .adaptationTime(Duration.ofSeconds(5)).clock(clock::get).build();
        int[] before = load(sampler, "support", 500, 60);
        int[] up = load(sampler, "support", 5_000, 60);
        int[] down = load(sampler, "support", 500, 60);
        int settledBefore = settledAfter(before);
        int settledUp = settledAfter(up);
        int settledDown = settledAfter(down);
        System.out.printf("adaptive: 500/s -> 5000/s -> 500/s, target %.0f/s: settled within %d s, %d s, %d s;"
                + " probability now %.4f%n", TARGET, settledBefore, settledUp, settledDown,
                sampler.probability("support"));
        assertTrue(settledBefore <= 30, "start settled after " + settledBefore + " s");
        assertTrue(settledUp <= 30, "10x rise settled after " + settledUp + " s");
        assertTrue(settledDown <= 30, "10x fall settled after " + settledDown + " s");
        assertEquals(0.1, sampler.probability("support"), 0.02);
    }

    @Test
    void everyWorkflowGetsItsOwnRate() {
        WorkflowSampler sampler = WorkflowSampler.parse("*=3000/min").clock(clock::get).build();
        load(sampler, "busy", 5_000, 40);
        load(sampler, "quiet", 100, 40);
        assertEquals(0.01, sampler.probability("busy"), 0.002);
        assertEquals(0.5, sampler.probability("quiet"), 0.1);
    }

    @Test
    void keepsAtLeastOneTracePerWorkflowPerMinuteWithoutClaimingAThreshold() {
        WorkflowSampler sampler = WorkflowSampler.builder().adaptiveRule("flood", 0.0001).clock(clock::get).build();
        int perSecond = 1_000;
        long step = SECOND / perSecond;
        int[] perMinute = new int[10];
        int floors = 0;
        for (int s = 0; s < 600; s++) {
            for (int i = 0; i < perSecond; i++) {
                clock.addAndGet(step);
                SamplingResult result = WorkflowSamplerTest.root(sampler, WorkflowSamplerTest.traceId(), "flood");
                if (result.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
                    perMinute[s / 60]++;
                    if (Boolean.TRUE.equals(result.getAttributes().get(WorkflowSampler.FLOOR_ATTRIBUTE))) {
                        floors++;
                        assertNull(result.getUpdatedTraceState(TraceState.getDefault()).get("ot"));
                    }
                }
            }
        }
        for (int minute = 1; minute < perMinute.length; minute++) {
            assertTrue(perMinute[minute] >= 1, "minute " + minute + " kept none");
        }
        assertTrue(floors >= 1);
        assertEquals(1.0 / 60 / perSecond, sampler.probability("flood"), 0.3 / 60 / perSecond);
    }
}
