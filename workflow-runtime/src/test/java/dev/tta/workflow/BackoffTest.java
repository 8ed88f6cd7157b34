package dev.tta.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The delay schedule is a pure function: every value here is exact. */
class BackoffTest {

    private static final RandomGenerator NO_RANDOM = null;

    @Test
    void noneNeverWaits() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertEquals(Duration.ZERO, Backoff.none().delay(attempt, NO_RANDOM));
        }
        assertSame(Backoff.none(), Backoff.none().withJitter(0.5), "jitter around zero is still zero");
        assertEquals("Backoff.none()", Backoff.none().toString());
    }

    @Test
    void fixedWaitsTheSameBeforeEveryAttempt() {
        Backoff fixed = Backoff.fixed(Duration.ofMillis(200));
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertEquals(Duration.ofMillis(200), fixed.delay(attempt, NO_RANDOM));
        }
        assertEquals(Duration.ZERO, Backoff.fixed(Duration.ZERO).withJitter(1.0).delay(3, NO_RANDOM));
        assertEquals("Backoff.fixed(PT0.2S)", fixed.toString());
    }

    @Test
    void exponentialGrowsByTheMultiplierUpToTheCap() {
        Backoff doubling = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));
        List<Duration> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 6; attempt++) {
            delays.add(doubling.delay(attempt, NO_RANDOM));
        }
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofSeconds(1), Duration.ofSeconds(1)), delays);
        assertEquals(Duration.ofSeconds(1), doubling.delay(Integer.MAX_VALUE, NO_RANDOM), "overflow stays capped");

        Backoff slower = Backoff.exponential(Duration.ofMillis(100), 1.5, Duration.ofMinutes(1));
        assertEquals(Duration.ofMillis(150), slower.delay(2, NO_RANDOM));
        assertEquals(Duration.ofMillis(225), slower.delay(3, NO_RANDOM));
        assertEquals(Duration.ofNanos(337_500_000), slower.delay(4, NO_RANDOM));

        Backoff flat = Backoff.exponential(Duration.ofMillis(50), 1.0, Duration.ofMillis(50));
        assertEquals(Duration.ofMillis(50), flat.delay(9, NO_RANDOM), "multiplier 1.0 and max == initial are fine");
        assertEquals("Backoff.exponential(PT0.1S, 2.0, PT1S)", doubling.toString());
    }

    @Test
    void absurdDurationsSaturateInsteadOfOverflowing() {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        assertEquals(Duration.ofNanos(Long.MAX_VALUE), Backoff.fixed(forever).delay(1, NO_RANDOM));
        assertEquals(Duration.ofNanos(Long.MAX_VALUE),
                Backoff.fixed(forever).withJitter(1.0).delay(1, fixedDouble(0.9999)));
    }

    @Test
    void jitterSpreadsTheComputedDelayByPlusOrMinusTheFraction() {
        Backoff jittered = Backoff.fixed(Duration.ofSeconds(1)).withJitter(0.2);
        assertEquals(Duration.ofMillis(800), jittered.delay(1, fixedDouble(0.0)), "lowest draw: -20 %");
        assertEquals(Duration.ofSeconds(1), jittered.delay(1, fixedDouble(0.5)), "middle draw: unchanged");
        assertEquals(Duration.ofMillis(1100), jittered.delay(1, fixedDouble(0.75)), "+10 %");
        assertEquals(0.2, jittered.jitter());
        assertEquals("Backoff.fixed(PT1S).withJitter(0.2)", jittered.toString());

        Backoff capped = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofMillis(300)).withJitter(0.5);
        assertEquals(Duration.ofMillis(50), capped.delay(1, fixedDouble(0.0)));
        assertEquals(Duration.ofMillis(375), capped.delay(3, fixedDouble(0.75)),
                "jitter applies after the cap: 300 ms + 25 %");
        assertEquals(Duration.ZERO, Backoff.fixed(Duration.ofSeconds(1)).withJitter(1.0).delay(1, fixedDouble(0.0)));
    }

    @Test
    void jitterStaysWithinItsBoundsAndCoversThem() {
        Backoff jittered = Backoff.fixed(Duration.ofSeconds(1)).withJitter(0.2);
        SplittableRandom random = new SplittableRandom(42);
        Duration low = Duration.ofDays(1);
        Duration high = Duration.ZERO;
        for (int i = 0; i < 10_000; i++) {
            Duration delay = jittered.delay(1, random);
            assertTrue(delay.compareTo(Duration.ofMillis(800)) >= 0, delay::toString);
            assertTrue(delay.compareTo(Duration.ofMillis(1200)) <= 0, delay::toString);
            low = delay.compareTo(low) < 0 ? delay : low;
            high = delay.compareTo(high) > 0 ? delay : high;
        }
        assertTrue(low.compareTo(Duration.ofMillis(810)) < 0, "reaches down to -20 %: " + low);
        assertTrue(high.compareTo(Duration.ofMillis(1190)) > 0, "reaches up to +20 %: " + high);
    }

    @Test
    void aSeededGeneratorGivesTheSameScheduleEveryTime() {
        Backoff jittered = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10)).withJitter(0.3);
        List<Duration> first = schedule(jittered, new SplittableRandom(7));
        assertEquals(first, schedule(jittered, new SplittableRandom(7)));
        assertNotEquals(first, schedule(jittered, new SplittableRandom(8)));
    }

    private static List<Duration> schedule(Backoff backoff, RandomGenerator random) {
        List<Duration> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 8; attempt++) {
            delays.add(backoff.delay(attempt, random));
        }
        return delays;
    }

    @Test
    void equalBackoffsAreEqual() {
        Backoff a = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)).withJitter(0.1);
        Backoff b = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)).withJitter(0.1);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a);
        assertNotEquals(a, b.withJitter(0.2));
        assertNotEquals(a, Backoff.fixed(Duration.ofMillis(100)));
        assertNotEquals(Backoff.fixed(Duration.ofMillis(100)), Backoff.fixed(Duration.ofMillis(101)));
        assertNotEquals(a, "not a backoff");
    }

    @Test
    void badConfigurationNamesTheParameter() {
        assertMessage("delay must not be null", () -> Backoff.fixed(null));
        assertMessage("delay must not be negative, was PT-0.001S", () -> Backoff.fixed(Duration.ofMillis(-1)));
        assertMessage("initial must not be null", () -> Backoff.exponential(null, 2.0, Duration.ofSeconds(1)));
        assertMessage("initial must be positive, was PT0S",
                () -> Backoff.exponential(Duration.ZERO, 2.0, Duration.ofSeconds(1)));
        for (double multiplier : new double[] {0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertMessage("multiplier must be a finite number >= 1.0, was " + multiplier,
                    () -> Backoff.exponential(Duration.ofMillis(1), multiplier, Duration.ofSeconds(1)));
        }
        assertMessage("max must not be null", () -> Backoff.exponential(Duration.ofMillis(1), 2.0, null));
        assertMessage("max must be at least initial (PT1S), was PT0.5S",
                () -> Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofMillis(500)));
        for (double fraction : new double[] {-0.1, 1.1, Double.NaN}) {
            assertMessage("fraction must be between 0.0 and 1.0, was " + fraction,
                    () -> Backoff.fixed(Duration.ofMillis(1)).withJitter(fraction));
        }
        assertMessage("attempt must be at least 1, was 0", () -> Backoff.none().delay(0, NO_RANDOM));
    }

    static void assertMessage(String expected, Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }

    /** A generator whose {@code nextDouble()} always returns {@code value}: exact jitter in tests. */
    static RandomGenerator fixedDouble(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("only nextDouble is used");
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
