package dev.tta.workflow.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;

class ServiceLevelObjectiveTest {

    private static void assertRefused(String fragment, Executable factory) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, factory);
        assertTrue(refused.getMessage().contains(fragment), refused.getMessage());
    }

    @Test
    void theShortFactoriesNameTheObjectiveAsTheAnnotationsDoOverThirtyDays() {
        ServiceLevelObjective latency = ServiceLevelObjective.latency(0.99, Duration.ofMillis(300));
        assertEquals("latency-300ms", latency.name());
        assertEquals(ServiceLevelObjective.Kind.LATENCY, latency.kind());
        assertEquals(Optional.of(Duration.ofMillis(300)), latency.threshold());
        assertEquals(Duration.ofDays(30), latency.period());
        assertEquals(0.01, latency.errorBudget(), 1e-12);
        assertEquals("latency-1.5ms", ServiceLevelObjective.defaultLatencyName(Duration.ofNanos(1_500_000)));

        ServiceLevelObjective availability = ServiceLevelObjective.availability(0.999);
        assertEquals("availability", availability.name());
        assertEquals("availability", availability.kind().value());
        assertEquals(Optional.empty(), availability.threshold());
        assertEquals("latency-300ms: 99% within 300 ms over 30 days", latency.toString());
        assertEquals("availability: 99.9% successful over 30 days", availability.toString());
        assertEquals("fast: 50% successful over PT1H", ServiceLevelObjective.availability("fast", 0.5,
                Duration.ofHours(1)).toString());
    }

    @Test
    void aThresholdBeyondWhatNanosecondsCountIsTreatedAsEndless() {
        ServiceLevelObjective patient = ServiceLevelObjective.latency("patient", 0.9, Duration.ofDays(365_000),
                Duration.ofDays(1));

        assertEquals(ServiceLevelObjective.Event.GOOD, patient.classify(true, Long.MAX_VALUE));
        assertEquals("patient: 90% within 31536000000000 ms over 1 day", patient.toString());
    }

    @Test
    void objectivesAreEqualWhenEveryFieldIs() {
        ServiceLevelObjective a = ServiceLevelObjective.latency("p99", 0.99, Duration.ofMillis(300), Duration.ofDays(7));
        assertEquals(a, ServiceLevelObjective.latency("p99", 0.99, Duration.ofMillis(300), Duration.ofDays(7)));
        assertEquals(a.hashCode(), ServiceLevelObjective.latency("p99", 0.99, Duration.ofMillis(300),
                Duration.ofDays(7)).hashCode());
        assertNotEquals(a, ServiceLevelObjective.latency("p99", 0.99, Duration.ofMillis(301), Duration.ofDays(7)));
        assertNotEquals(a, ServiceLevelObjective.latency("p99", 0.995, Duration.ofMillis(300), Duration.ofDays(7)));
        assertNotEquals(a, ServiceLevelObjective.latency("p99", 0.99, Duration.ofMillis(300), Duration.ofDays(8)));
        assertNotEquals(a, ServiceLevelObjective.availability("p99", 0.99, Duration.ofDays(7)));
        assertNotEquals(a, "p99");
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheValueAndTheRange() {
        Duration day = Duration.ofDays(1);
        assertRefused("strictly between 0 and 1", () -> ServiceLevelObjective.availability(0));
        assertRefused("strictly between 0 and 1", () -> ServiceLevelObjective.availability(1));
        assertRefused("was NaN", () -> ServiceLevelObjective.availability(Double.NaN));
        assertRefused("was -0.5", () -> ServiceLevelObjective.latency(-0.5, Duration.ofMillis(1)));
        assertRefused("threshold must be positive, was PT0S", () -> ServiceLevelObjective.latency(0.9,
                Duration.ZERO));
        assertRefused("threshold must be positive", () -> ServiceLevelObjective.latency("l", 0.9,
                Duration.ofMillis(-1), day));
        assertRefused("threshold must be positive, was null", () -> ServiceLevelObjective.latency(0.9, null));
        assertRefused("between PT1M and 365 days, was PT59S", () -> ServiceLevelObjective.availability("a", 0.9,
                Duration.ofSeconds(59)));
        assertRefused("was PT8784H", () -> ServiceLevelObjective.availability("a", 0.9, Duration.ofDays(366)));
        assertRefused("name must not be null or blank", () -> ServiceLevelObjective.availability(" ", 0.9, day));
        assertThrows(NullPointerException.class, () -> ServiceLevelObjective.availability("a", 0.9, null));
    }

    @Test
    void aStatusAnswersOnlyForItsWindowsAndChecksItsCounts() {
        ServiceLevelObjective objective = ServiceLevelObjective.availability(0.9);
        Map<Duration, Double> rates = Map.of(Duration.ofMinutes(5), 1.0, Duration.ofMinutes(30), 1.0,
                Duration.ofHours(1), 1.0, Duration.ofHours(6), 1.0, Duration.ofDays(3), 1.0);
        SloStatus status = new SloStatus("p", objective, 9, 10, 0.0, rates);

        assertEquals(1, status.bad());
        assertTrue(status.isMet(), "exactly the budget spent");
        assertRefused("burn rates are computed over [5m, 30m, 1h, 6h, 3d]",
                () -> status.burnRate(Duration.ofMinutes(10)));
        assertEquals("6h", SloStatus.windowLabel(Duration.ofHours(6)));
        assertRefused("not a burn-rate window", () -> SloStatus.windowLabel(Duration.ofHours(2)));
        assertRefused("0 <= good <= total", () -> new SloStatus("p", objective, 11, 10, 0.0, rates));
        assertRefused("burn rates must cover", () -> new SloStatus("p", objective, 1, 1, 0.0, Map.of()));
    }
}
