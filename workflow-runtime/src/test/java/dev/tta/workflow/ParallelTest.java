package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.blocking;
import static dev.tta.workflow.TestSteps.failing;
import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ParallelTest {

    private TelemetryFixture telemetry;

    @BeforeEach
    void installSdk() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
    }

    @Test
    void branchesRunConcurrentlyTheLastOnTheCallingThreadAndResultsComeBackInBranchOrder() throws Exception {
        int branches = 3;
        CountDownLatch allStarted = new CountDownLatch(branches);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        WorkflowPrimitive<Integer, Integer> times10 = concurrent("p.a", allStarted, threads, 10);
        WorkflowPrimitive<Integer, Integer> times20 = concurrent("p.b", allStarted, threads, 20);
        WorkflowPrimitive<Integer, Integer> times30 = concurrent("p.c", allStarted, threads, 30);

        List<Integer> results = Workflows.parallel(times10, times20, times30)
                .execute(2, WorkflowContext.start("par"));

        assertEquals(List.of(20, 40, 60), results);
        assertEquals(3, threads.size(), "each branch on a thread of its own");
        assertTrue(threads.contains(Thread.currentThread().getName()), "the last branch runs on the caller thread");
        SpanData block = telemetry.span(Parallel.DEFAULT_NAME);
        List<SpanData> children = telemetry.childrenOf(block);
        assertEquals(3, children.size(), "each branch span is a child of the block, across threads");
        for (SpanData child : children) {
            long index = child.getAttributes().get(TelemetryNames.BRANCH_INDEX);
            assertEquals(List.of("p.a", "p.b", "p.c").get((int) index), child.getName());
            assertEquals(block.getTraceId(), child.getTraceId());
        }
        assertEquals(TelemetryNames.TYPE_PARALLEL, block.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
    }

    @Test
    void theCallerHandsOverOneBranchAndEachPoolThreadHandsOverTheNextSoBlockingBranchesStillAllRunAtOnce()
            throws Exception {
        int branches = 5;
        CountDownLatch allStarted = new CountDownLatch(branches);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<WorkflowPrimitive<Integer, Integer>> steps = new ArrayList<>();
        for (int i = 0; i < branches; i++) {
            steps.add(concurrent("pc." + i, allStarted, threads, i));
        }
        Thread caller = Thread.currentThread();
        AtomicInteger fromCaller = new AtomicInteger();
        AtomicInteger fromPool = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            Executor counting = task -> {
                (Thread.currentThread() == caller ? fromCaller : fromPool).incrementAndGet();
                pool.execute(task);
            };
            List<Integer> results = Parallel.of(steps, counting).execute(1, WorkflowContext.start("pc"));

            assertEquals(List.of(0, 1, 2, 3, 4), results);
            assertEquals(branches, threads.size(), "each branch on a thread of its own, all at once");
            assertEquals(1, fromCaller.get(), "the caller hands over the first branch only");
            assertEquals(branches - 2, fromPool.get(), "each pool thread hands over the next, up to the caller's own");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each branch waits for all the others to start: it only completes if they really run at the same time. */
    private static WorkflowPrimitive<Integer, Integer> concurrent(String name, CountDownLatch allStarted,
            Set<String> threads, int factor) {
        return step(name, (Integer input, WorkflowContext context) -> {
            threads.add(Thread.currentThread().getName());
            allStarted.countDown();
            if (!allStarted.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("branches did not run concurrently");
            }
            return input * factor;
        });
    }

    @Test
    void failingBranchCancelsSiblingsAndEveryBranchSpanEndsInsideTheBlock() throws Exception {
        CountDownLatch siblingStarted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        IllegalArgumentException boom = new IllegalArgumentException("bad branch");
        WorkflowPrimitive<String, String> slow = blocking("pf.slow", siblingStarted, never);
        WorkflowPrimitive<String, String> bad = step("pf.bad", (String s, WorkflowContext c) -> {
            siblingStarted.await(20, TimeUnit.SECONDS);
            throw boom;
        });
        Parallel<String, String> block = Workflows.parallel(slow, bad);

        Exception thrown = assertThrows(Exception.class, () -> block.execute("x", WorkflowContext.start("pf")));

        assertSame(boom, thrown);
        SpanData blockSpan = telemetry.span(Parallel.DEFAULT_NAME);
        SpanData slowSpan = telemetry.span("pf.slow");
        SpanData badSpan = telemetry.span("pf.bad");
        assertEquals(StatusCode.ERROR, badSpan.getStatus().getStatusCode());
        assertEquals(StatusCode.ERROR, blockSpan.getStatus().getStatusCode());
        assertEquals(IllegalArgumentException.class.getName(),
                blockSpan.getAttributes().get(TelemetryNames.ERROR_TYPE));
        assertEquals(StatusCode.ERROR, slowSpan.getStatus().getStatusCode(), "the interrupted sibling failed");
        assertEquals(InterruptedException.class.getName(), slowSpan.getAttributes().get(TelemetryNames.ERROR_TYPE));
        assertTrue(slowSpan.getEndEpochNanos() <= blockSpan.getEndEpochNanos(),
                "sibling spans end before the block's span");
    }

    @Test
    void branchesNotYetStartedAreSkippedAfterAFailure() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            IllegalStateException boom = new IllegalStateException("first");
            WorkflowPrimitive<String, String> never = step("ps.never", (String s) -> s);
            // The last branch runs on the calling thread, until the failure interrupts it.
            WorkflowPrimitive<String, String> waiting = blocking("ps.waiting", new CountDownLatch(0),
                    new CountDownLatch(1));
            Parallel<String, String> block = Workflows.parallel(single, failing("ps.fail", boom), never, waiting);

            assertSame(boom, assertThrows(Exception.class, () -> block.execute("x", WorkflowContext.start("ps"))));
            assertTrue(telemetry.spans().stream().noneMatch(s -> s.getName().equals("ps.never")),
                    "a queued branch is skipped once another failed");
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    @Timeout(20) // without the help, the block would wait for ever on an executor that never runs anything
    void theCallingThreadRunsTheBranchesTheExecutorHasNotStarted() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        WorkflowPrimitive<String, String> where = step("ph", (String s) -> {
            threads.add(Thread.currentThread().getName());
            return s;
        });
        // An executor that only queues: nothing would ever run the branches handed to it.
        Parallel<String, String> block = Workflows.parallel(queued::add, where, where, where).named("helped");

        assertEquals(List.of("x", "x", "x"), block.execute("x", WorkflowContext.start("ph")));
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
        assertEquals(1, queued.size(), "one branch was handed to the executor; it never started, so nothing chained");
        queued.forEach(Runnable::run); // the executor's late start finds them done, and runs nothing twice
        assertEquals(3, telemetry.spans().stream().filter(span -> span.getName().equals("ph")).count());
    }

    @Test
    void rejectedBranchFailsTheBlockWithTheExecutorsException() {
        RejectedExecutionException rejection = new RejectedExecutionException("full");
        Parallel<String, String> block = Workflows.parallel(task -> {
            throw rejection;
        }, step("pr.a", (String s) -> s), step("pr.b", (String s) -> s));

        assertSame(rejection, assertThrows(Exception.class, () -> block.execute("x", WorkflowContext.start("pr"))));
    }

    @Test
    void callerThreadExecutorRunsBranchesInOrderWithoutConcurrency() throws Exception {
        List<String> order = new ArrayList<>();
        Parallel<String, Integer> block = Workflows.<String, Integer>parallel(Runnable::run,
                step("pd.a", (String s) -> {
                    order.add("a");
                    return s.length();
                }), step("pd.b", (String s) -> {
                    order.add("b");
                    return s.length() * 2;
                }), step("pd.c", (String s) -> {
                    order.add("c");
                    return s.length() * 3;
                })).named("direct");

        assertEquals(List.of(3, 6, 9), block.execute("abc", WorkflowContext.start("pd")));
        assertEquals(List.of("a", "b", "c"), order);
        assertEquals("direct", block.name());
        assertEquals(3, block.branches().size());
        assertEquals(3, telemetry.childrenOf(telemetry.span("direct")).size());
    }

    @Test
    void interruptingTheCallerInterruptsTheBranchesAndThrowsInterruptedException() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Parallel<String, String> block = Workflows.parallel(blocking("pi.wait", started, never));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Throwable> outcome = caller.submit(() -> {
                try {
                    block.execute("x", WorkflowContext.start("pi"));
                    return null;
                } catch (Throwable t) {
                    return Thread.currentThread().isInterrupted() ? t : new AssertionError("interrupt flag lost", t);
                }
            });
            assertTrue(started.await(20, TimeUnit.SECONDS));
            outcome.cancel(true);
            caller.shutdown();
            assertTrue(caller.awaitTermination(20, TimeUnit.SECONDS));
            SpanData branch = telemetry.span("pi.wait");
            assertEquals(InterruptedException.class.getName(), branch.getAttributes().get(TelemetryNames.ERROR_TYPE));
            assertEquals(StatusCode.ERROR, telemetry.span(Parallel.DEFAULT_NAME).getStatus().getStatusCode());
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void interruptDeliveredByCancelDoesNotLeakIntoThePoolThreadsNextTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        WorkflowPrimitive<String, String> bad = step("pl.bad", (String s, WorkflowContext c) -> {
            started.await(20, TimeUnit.SECONDS);
            throw new IllegalStateException("x");
        });
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            assertThrows(IllegalStateException.class, () -> Workflows.parallel(two,
                    blocking("pl.slow", started, never), bad).execute("x", WorkflowContext.start("pl")));
            for (int i = 0; i < 4; i++) {
                assertFalse(two.submit(() -> Thread.currentThread().isInterrupted()).get(),
                        "every pool thread comes back with its interrupt flag clear");
            }
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void invalidConstructionFailsWithAClearMessage() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.of(List.of(), Runnable::run));
        IllegalArgumentException noExecutor = assertThrows(IllegalArgumentException.class,
                () -> Parallel.of(List.of(step("x", (String s) -> s)), null));
        assertEquals("executor must not be null", noExecutor.getMessage());
        IllegalArgumentException nullBranch = assertThrows(IllegalArgumentException.class,
                () -> Workflows.parallel(step("x", (String s) -> s), null));
        assertEquals("branches[1] must not be null", nullBranch.getMessage());
    }

    @Test
    void defaultPoolThreadsAreNamedDaemons() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        WorkflowPrimitive<String, Thread> whichThread = step("pt", (String s) -> {
            firstStarted.countDown();
            return Thread.currentThread();
        });
        // The last branch waits for the first, so that the calling thread does not run it too.
        WorkflowPrimitive<String, Thread> last = step("pt.last", (String s, WorkflowContext c) -> {
            firstStarted.await(20, TimeUnit.SECONDS);
            return Thread.currentThread();
        });
        List<Thread> threads = Workflows.parallel(whichThread, last).execute("x", WorkflowContext.start("pt"));
        Thread thread = threads.get(0);
        assertEquals(Thread.currentThread(), threads.get(1), "the last branch runs on the caller thread");

        assertTrue(thread.isDaemon());
        assertTrue(thread.getName().startsWith("tta-workflow-"), thread.getName());
        assertNotEquals(Thread.currentThread(), thread);
        assertInstanceOf(Parallel.class, Workflows.parallel(whichThread));
    }

    @Test
    void theDefaultExecutorRunsVirtualThreadsFromJava24OnAndAPoolBefore() throws Exception {
        boolean virtualExpected = Runtime.version().feature() >= 24 && System.getProperty(DefaultExecutor.PROPERTY)
                == null;
        // Thread.isVirtual() exists from Java 21 on only; a running virtual thread's group is "VirtualThreads".
        CountDownLatch firstStarted = new CountDownLatch(1);
        WorkflowPrimitive<String, String> whichThread = step("pv", (String s) -> {
            firstStarted.countDown();
            return Thread.currentThread().getName() + " in " + Thread.currentThread().getThreadGroup().getName();
        });
        WorkflowPrimitive<String, String> last = step("pv.last", (String s, WorkflowContext c) -> {
            firstStarted.await(20, TimeUnit.SECONDS);
            return s;
        });
        String thread = Workflows.parallel(whichThread, last).execute("x", WorkflowContext.start("pv")).get(0);

        assertEquals(virtualExpected, DefaultExecutor.usesVirtualThreads());
        assertEquals(virtualExpected, thread.startsWith("tta-workflow-virtual-"), thread);
        assertEquals(virtualExpected, thread.endsWith(" in VirtualThreads"), thread);
    }
}
