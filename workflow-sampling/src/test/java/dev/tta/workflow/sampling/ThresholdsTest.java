package dev.tta.workflow.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    @Test
    void thresholdsAndTheirEncodingFollowTheSpecification() {
        assertEquals("e6666666666666", Thresholds.encode(Thresholds.ofProbability(0.1)));
        assertEquals("c", Thresholds.encode(Thresholds.ofProbability(0.25)));
        assertEquals("8", Thresholds.encode(Thresholds.ofProbability(0.5)));
        assertEquals("0", Thresholds.encode(Thresholds.ofProbability(1)));
        assertEquals(Thresholds.NEVER, Thresholds.ofProbability(0));
        assertEquals(Thresholds.NEVER, Thresholds.ofProbability(Double.NaN));
        assertEquals(0.25, Thresholds.probability(Thresholds.ofProbability(0.25)), 1e-15);
    }

    @Test
    void decodesThValuesAndRejectsInvalidOnes() {
        assertEquals(0xC0000000000000L, Thresholds.decode("c"));
        assertEquals(Thresholds.ofProbability(0.1), Thresholds.decode("e6666666666666"));
        assertEquals(0, Thresholds.decode("0"));
        assertEquals(-1, Thresholds.decode(""));
        assertEquals(-1, Thresholds.decode(null));
        assertEquals(-1, Thresholds.decode("C"));
        assertEquals(-1, Thresholds.decode("123456789abcdef"));
    }

    @Test
    void randomnessIsTheLow56BitsOfTheTraceIdUnlessRvIsGiven() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        assertEquals(0xce929d0e0e4736L, Thresholds.randomness(traceId, TraceState.getDefault()));
        TraceState explicit = TraceState.builder().put("ot", "th:8;rv:0123456789abcd").build();
        assertEquals(0x0123456789abcdL, Thresholds.randomness(traceId, explicit));
        TraceState invalid = TraceState.builder().put("ot", "rv:xyz").build();
        assertEquals(0xce929d0e0e4736L, Thresholds.randomness(traceId, invalid));
    }

    @Test
    void settingThKeepsTheOtherOtSubKeysAndEntries() {
        TraceState state = TraceState.builder().put("vendor", "x").put("ot", "th:8;rv:0123456789abcd").build();
        TraceState always = Thresholds.withThreshold(state, Thresholds.ALWAYS);
        assertEquals("th:0;rv:0123456789abcd", always.get("ot"));
        assertEquals("x", always.get("vendor"));
        assertEquals("rv:0123456789abcd", Thresholds.withThreshold(state, -1).get("ot"));
        TraceState onlyTh = TraceState.builder().put("ot", "th:8").build();
        assertNull(Thresholds.withThreshold(onlyTh, -1).get("ot"));
        assertEquals(TraceState.getDefault(), Thresholds.withThreshold(TraceState.getDefault(), -1));
        assertEquals("th:c", Thresholds.withThreshold(TraceState.getDefault(), 0xC0000000000000L).get("ot"));
        assertNull(Thresholds.subKey("th:8", "rv"));
        assertNull(Thresholds.subKey(null, "rv"));
    }
}
