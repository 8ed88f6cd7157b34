package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.failing;
import static dev.tta.workflow.TestSteps.step;
import static dev.tta.workflow.BackoffTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Limits are short, but assertions on wall-clock time stay generous (seconds): the machine is shared and noisy. */
class TimeoutTest {

    private TelemetryFixture telemetry;

    @BeforeEach
    void installSdk() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
    }

    /**
     * Blocks until interrupted (or for a minute), counting down {@code started} first and {@code interrupted} when
     * the interrupt arrives; records the time its context had left.
     */
    private static WorkflowPrimitive<String, String> blockUntilInterrupted(String name, CountDownLatch started,
            CountDownLatch interrupted, AtomicReference<Duration> remaining) {
        return step(name, (String input, WorkflowContext context) -> {
            remaining.set(context.remainingTime().orElse(null));
            started.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(1));
                return "never";
            } catch (InterruptedException expected) {
                interrupted.countDown();
                throw expected;
            }
        });
    }

    /**
     * The shared pool, but {@code execute} returns only once the step has started: the timed wait then begins with
     * the step running, whatever the machine's load (a step still queued at expiry is skipped, not interrupted).
     */
    private static Executor startedBeforeTheWait(CountDownLatch started) {
        return task -> {
            DefaultExecutor.get().execute(task);
            awaitQuietly(started);
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(20, TimeUnit.SECONDS), "the step never started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aStepThatFinishesInTimeReturnsItsResultFromAnotherThread() throws Exception {
        AtomicReference<Duration> remaining = new AtomicReference<>();
        AtomicReference<String> thread = new AtomicReference<>();
        WorkflowPrimitive<String, Integer> length = step("t.len", (String s, WorkflowContext c) -> {
            remaining.set(c.remainingTime().orElseThrow());
            thread.set(Thread.currentThread().getName());
            return s.length();
        });
        Timeout<String, Integer> timeout = Workflows.timeout(length, Duration.ofSeconds(30));

        assertEquals(3, timeout.execute("abc", WorkflowContext.start("t")));
        assertTrue(remaining.get().compareTo(Duration.ofSeconds(30)) <= 0, "the step sees its deadline");
        assertTrue(thread.get().startsWith("tta-workflow-"), thread.get());
        SpanData timeoutSpan = telemetry.span(Timeout.DEFAULT_NAME);
        assertEquals(30_000L, timeoutSpan.getAttributes().get(TelemetryNames.TIMEOUT_MS));
        assertEquals(TelemetryNames.TYPE_TIMEOUT, timeoutSpan.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals(timeoutSpan.getSpanId(), telemetry.span("t.len").getParentSpanId(),
                "the step's span nests under the timeout's across threads");
        assertEquals(0, expirations(Timeout.DEFAULT_NAME));
        assertEquals(Duration.ofSeconds(30), timeout.limit());
        assertEquals("t.len", timeout.step().name());
    }

    @Test
    void onExpiryTheStepIsInterruptedAndTheTimeoutThrows() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Timeout<String, String> timeout = Workflows.timeout(
                blockUntilInterrupted("te.block", started, interrupted, new AtomicReference<>()),
                Duration.ofMillis(100), startedBeforeTheWait(started)).named("te");
        long start = System.nanoTime();

        WorkflowTimeoutException thrown = assertThrows(WorkflowTimeoutException.class,
                () -> timeout.execute("x", WorkflowContext.start("te")));

        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "no one-minute wait");
        assertInstanceOf(TimeoutException.class, thrown);
        assertEquals("te", thrown.primitiveName());
        assertEquals(Duration.ofMillis(100), thrown.limit());
        assertEquals("timeout 'te' expired: the step did not finish within its limit of 100 ms", thrown.getMessage());
        assertTrue(interrupted.await(20, TimeUnit.SECONDS), "the step was interrupted");
        SpanData timeoutSpan = telemetry.span("te");
        assertEquals(StatusCode.ERROR, timeoutSpan.getStatus().getStatusCode());
        assertEquals(WorkflowTimeoutException.class.getName(),
                timeoutSpan.getAttributes().get(TelemetryNames.ERROR_TYPE));
        assertEquals(1, expirations("te"));
    }

    @Test
    void aNestedTimeoutNeverOutlivesTheOuterOne() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<Duration> remaining = new AtomicReference<>();
        Timeout<String, String> inner = Workflows.timeout(
                blockUntilInterrupted("tn.block", started, interrupted, remaining), Duration.ofSeconds(10),
                startedBeforeTheWait(started)).named("tn.inner");
        Timeout<String, String> outer = Workflows.timeout(inner, Duration.ofMillis(100), startedBeforeTheWait(started))
                .named("tn.outer");
        long start = System.nanoTime();

        WorkflowTimeoutException thrown = assertThrows(WorkflowTimeoutException.class,
                () -> outer.execute("x", WorkflowContext.start("tn")));

        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "far less than the inner 10 s");
        assertTrue(remaining.get().compareTo(Duration.ofMillis(100)) <= 0,
                "the step's deadline is the outer one, not 10 s: " + remaining.get());
        // Both expire at the outer deadline: whichever notices first, the inner one was cut short by it.
        if (thrown.primitiveName().equals("tn.inner")) {
            assertTrue(thrown.getMessage().contains("an enclosing deadline left only"), thrown.getMessage());
        } else {
            assertEquals("tn.outer", thrown.primitiveName());
        }
        assertTrue(interrupted.await(20, TimeUnit.SECONDS), "the blocked step was interrupted");
    }

    @Test
    void anEnclosingDeadlineShorterThanTheLimitBoundsTheWait() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<Duration> remaining = new AtomicReference<>();
        Timeout<String, String> timeout = Workflows.timeout(
                blockUntilInterrupted("td.block", started, interrupted, remaining), Duration.ofSeconds(10),
                startedBeforeTheWait(started)).named("td");
        WorkflowContext context = WorkflowContext.start("td").withTimeLimit(Duration.ofMillis(100));
        long start = System.nanoTime();

        WorkflowTimeoutException thrown = assertThrows(WorkflowTimeoutException.class,
                () -> timeout.execute("x", context));

        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        assertEquals("td", thrown.primitiveName());
        assertEquals(Duration.ofSeconds(10), thrown.limit());
        assertTrue(thrown.getMessage().startsWith("timeout 'td' expired after "), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("its limit is 10000 ms, but an enclosing deadline left only"),
                thrown.getMessage());
        assertTrue(remaining.get().compareTo(Duration.ofMillis(100)) <= 0, remaining.get().toString());
        assertTrue(interrupted.await(20, TimeUnit.SECONDS));
        assertEquals(1, expirations("td"));
    }

    @Test
    void aDeadlineThatHasPassedFailsWithoutRunningTheStep() {
        AtomicBoolean ran = new AtomicBoolean();
        Timeout<String, String> timeout = Workflows.timeout(step("tp.never", (String s) -> {
            ran.set(true);
            return s;
        }), Duration.ofSeconds(1)).named("tp");

        WorkflowTimeoutException thrown = assertThrows(WorkflowTimeoutException.class,
                () -> timeout.execute("x", WorkflowContext.start("tp").withTimeLimit(Duration.ZERO)));

        assertFalse(ran.get());
        assertEquals("timeout 'tp' (limit 1000 ms) expired before its step started: an enclosing deadline had "
                + "already passed", thrown.getMessage());
        assertEquals(1, expirations("tp"));
    }

    @Test
    void theStepsOwnExceptionPropagatesUnchanged() {
        IOException failure = new IOException("down");
        Timeout<String, String> timeout = Workflows.timeout(failing("tx.fail", failure), Duration.ofSeconds(30));
        assertSame(failure, assertThrows(IOException.class, () -> timeout.execute("x", WorkflowContext.start("tx"))));

        AssertionError error = new AssertionError("bug");
        Timeout<String, String> erring = Workflows.timeout(step("tx.err", (String s) -> {
            throw error;
        }), Duration.ofSeconds(30));
        assertSame(error, assertThrows(AssertionError.class, () -> erring.execute("x", WorkflowContext.start("tx"))));
        assertEquals(0, expirations(Timeout.DEFAULT_NAME));
    }

    @Test
    void interruptingTheCallerInterruptsTheStepAndThrowsInterruptedException() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Timeout<String, String> timeout = Workflows.timeout(
                blockUntilInterrupted("ti.block", started, interrupted, new AtomicReference<>()),
                Duration.ofMinutes(5)).named("ti");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean flagSet = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                timeout.execute("x", WorkflowContext.start("ti"));
            } catch (Throwable t) {
                outcome.set(t);
                flagSet.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertTrue(started.await(20, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(20));

        assertInstanceOf(InterruptedException.class, outcome.get());
        assertTrue(flagSet.get(), "the caller's interrupt flag is set again");
        assertTrue(interrupted.await(20, TimeUnit.SECONDS), "the step was interrupted too");
        assertEquals(0, expirations("ti"), "an interrupt is not an expiry");
    }

    @Test
    void anExecutorRejectionPropagates() {
        RejectedExecutionException rejection = new RejectedExecutionException("full");
        AtomicBoolean ran = new AtomicBoolean();
        Timeout<String, String> timeout = Workflows.timeout(step("tr.step", (String s) -> {
            ran.set(true);
            return s;
        }), Duration.ofSeconds(1), task -> {
            throw rejection;
        });
        assertSame(rejection, assertThrows(RejectedExecutionException.class,
                () -> timeout.execute("x", WorkflowContext.start("tr"))));
        assertFalse(ran.get());
        assertEquals(StatusCode.ERROR, telemetry.span(Timeout.DEFAULT_NAME).getStatus().getStatusCode());
    }

    @Test
    void theCancelInterruptDoesNotLeakIntoTheExecutorsNextTask() throws Exception {
        // One plain worker thread, not a ThreadPoolExecutor (which clears interrupts between tasks by itself).
        try (Worker worker = new Worker()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            Timeout<String, String> timeout = Workflows.timeout(
                    blockUntilInterrupted("tl.block", started, interrupted, new AtomicReference<>()),
                    Duration.ofMillis(50), task -> {
                        worker.execute(task);
                        awaitQuietly(started);
                    });
            assertThrows(WorkflowTimeoutException.class, () -> timeout.execute("x", WorkflowContext.start("tl")));
            assertTrue(interrupted.await(20, TimeUnit.SECONDS));

            AtomicReference<Boolean> flagInNextTask = new AtomicReference<>();
            CountDownLatch probed = new CountDownLatch(1);
            worker.execute(() -> {
                flagInNextTask.set(Thread.currentThread().isInterrupted());
                probed.countDown();
            });
            assertTrue(probed.await(20, TimeUnit.SECONDS));
            assertFalse(flagInNextTask.get(), "the next task starts with a clear interrupt flag");
            assertFalse(worker.sawInterrupt, "no interrupt reached the worker between tasks");
        }
    }

    /** A single thread running tasks from a queue, and not clearing interrupts between them. */
    private static final class Worker implements Executor, AutoCloseable {
        private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        private final Thread thread = new Thread(this::loop, "timeout-test-worker");
        private volatile boolean closed;
        volatile boolean sawInterrupt;

        Worker() {
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (!closed) {
                try {
                    queue.take().run();
                } catch (InterruptedException e) {
                    sawInterrupt |= !closed;
                }
            }
        }

        @Override
        public void execute(Runnable task) {
            queue.add(task);
        }

        @Override
        public void close() {
            closed = true;
            thread.interrupt();
        }
    }

    @Test
    void aStepStillQueuedAtExpiryNeverRuns() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            CountDownLatch busy = new CountDownLatch(1);
            single.execute(() -> {
                busy.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(busy.await(20, TimeUnit.SECONDS));
            AtomicBoolean ran = new AtomicBoolean();
            Timeout<String, String> timeout = Workflows.timeout(step("tq.queued", (String s) -> {
                ran.set(true);
                return s;
            }), Duration.ofMillis(50), single::execute);

            assertThrows(WorkflowTimeoutException.class, () -> timeout.execute("x", WorkflowContext.start("tq")));
            release.countDown();
            single.submit(() -> null).get(20, TimeUnit.SECONDS); // the queue has drained
            assertFalse(ran.get(), "skipped: its caller had given up");
        } finally {
            release.countDown();
            single.shutdownNow();
        }
    }

    @Test
    void aCallerRunsExecutorWorksWithoutEnforcingTheLimit() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Timeout<String, String> timeout = Workflows.timeout(step("tc.here", (String s) -> {
            thread.set(Thread.currentThread());
            return s + "!";
        }), Duration.ofSeconds(1), Runnable::run);
        assertEquals("x!", timeout.execute("x", WorkflowContext.start("tc")));
        assertEquals(Thread.currentThread(), thread.get());
    }

    @Test
    void renamingKeepsTheLimitAndStep() {
        Timeout<String, String> timeout = Workflows.timeout(step("tn.echo", (String s) -> s), Duration.ofMillis(5));
        Timeout<String, String> renamed = timeout.named("renamed");
        assertEquals("renamed", renamed.name());
        assertEquals(Timeout.DEFAULT_NAME, timeout.name());
        assertEquals(timeout.limit(), renamed.limit());
        assertSame(timeout.step(), renamed.step());
        assertNotEquals(timeout.name(), renamed.name());
    }

    @Test
    void durationsInMessagesAreMilliseconds() {
        assertEquals("100 ms", WorkflowTimeoutException.format(Duration.ofMillis(100)));
        assertEquals("1.500 ms", WorkflowTimeoutException.format(Duration.ofNanos(1_500_000)));
        assertEquals("0 ms", WorkflowTimeoutException.format(Duration.ZERO));
    }

    @Test
    void badConfigurationNamesTheParameter() {
        WorkflowPrimitive<String, String> echo = step("tb.echo", (String s) -> s);
        assertMessage("step must not be null", () -> Workflows.timeout(null, Duration.ofSeconds(1)));
        assertMessage("limit must not be null", () -> Workflows.timeout(echo, null));
        assertMessage("limit must be positive, was PT0S", () -> Workflows.timeout(echo, Duration.ZERO));
        assertMessage("limit must be positive, was PT-1S", () -> Workflows.timeout(echo, Duration.ofSeconds(-1)));
        assertMessage("executor must not be null", () -> Workflows.timeout(echo, Duration.ofSeconds(1), null));
        assertMessage("name must not be null or blank",
                () -> Workflows.timeout(echo, Duration.ofSeconds(1)).named(""));
    }

    /** The expirations counter for exactly {name} in a workflow. */
    private long expirations(String name) {
        Attributes expected = Attributes.of(TelemetryNames.PRIMITIVE_NAME, name);
        return telemetry.metric(TelemetryNames.TIMEOUT_EXPIRATIONS_METRIC)
                .map(metric -> metric.getLongSumData().getPoints().stream()
                        .filter(point -> expected.equals(TelemetryFixture.withoutWorkflowName(point.getAttributes())))
                        .mapToLong(LongPointData::getValue).sum())
                .orElse(0L);
    }
}
