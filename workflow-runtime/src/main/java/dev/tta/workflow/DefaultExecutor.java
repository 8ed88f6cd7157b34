package dev.tta.workflow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * The executor built-in primitives use when none is given: parallel branches, and steps run under a time limit.
 *
 * <p>Those typically block (remote calls, LLM requests). On Java 24 and later they run on virtual threads, one per
 * task, named {@code tta-workflow-virtual-N}: starting one costs about a microsecond, against the hand-off to a
 * parked pool thread, and since Java 24 a virtual thread blocking inside {@code synchronized} no longer pins its
 * carrier (JEP 491). Before that, and on Java 17 to 23, it is a cached pool of platform daemon threads named
 * {@code tta-workflow-N} that grows with demand (idle threads end after a minute); either way no thread of it keeps
 * the JVM alive. The system property {@value #PROPERTY} chooses: {@code virtual} (Java 21 and later), {@code platform},
 * or {@code auto}, the default. Pass your own {@link Executor} to bound concurrency.
 */
public final class DefaultExecutor {

    /** The system property that chooses the threads: {@code auto}, {@code virtual} or {@code platform}. */
    public static final String PROPERTY = "tta.workflow.executor";

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private static final ExecutorService VIRTUAL_THREADS = virtualIfChosen(System.getProperty(PROPERTY, "auto"),
            Runtime.version().feature());

    private static final ExecutorService POOL = VIRTUAL_THREADS != null ? VIRTUAL_THREADS
            : Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "tta-workflow-" + THREAD_NUMBER.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private DefaultExecutor() {
    }

    /**
     * The shared executor; it cannot be shut down through this reference.
     *
     * @return the executor
     */
    public static Executor get() {
        return POOL::execute;
    }

    /**
     * Whether the shared executor runs each task on a virtual thread of its own.
     *
     * @return true on virtual threads, false on the platform thread pool
     */
    public static boolean usesVirtualThreads() {
        return VIRTUAL_THREADS != null;
    }

    /** The virtual-thread executor if the property (or, by default, the Java version) asks for one, else null. */
    private static ExecutorService virtualIfChosen(String choice, int javaVersion) {
        String wanted = choice.trim().toLowerCase(Locale.ROOT);
        boolean virtual = switch (wanted) {
            case "virtual" -> true;
            case "platform" -> false;
            default -> {
                if (!wanted.equals("auto")) {
                    LoggerFactory.getLogger("dev.tta.workflow").warn("-D{}={} is not auto, virtual or platform;"
                            + " using auto", PROPERTY, choice);
                }
                yield javaVersion >= 24;
            }
        };
        if (virtual) {
            if (javaVersion >= 21) {
                try {
                    return virtualThreadPerTask();
                } catch (Throwable unavailable) {
                    LoggerFactory.getLogger("dev.tta.workflow").warn("Virtual threads are unavailable ({});"
                            + " parallel branches and timed steps use a platform thread pool", unavailable.toString());
                }
            } else {
                LoggerFactory.getLogger("dev.tta.workflow").warn("-D{}=virtual needs Java 21 or later, this is {};"
                        + " using platform threads", PROPERTY, javaVersion);
            }
        }
        return null;
    }

    /**
     * {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tta-workflow-virtual-", 1).factory())},
     * looked up once: the library is compiled for Java 17, where that API does not exist.
     */
    private static ExecutorService virtualThreadPerTask() throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        Object named = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class, long.class))
                .invoke(lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual)).invoke(),
                        "tta-workflow-virtual-", 1L);
        ThreadFactory factory = (ThreadFactory) lookup.findVirtual(builder, "factory",
                MethodType.methodType(ThreadFactory.class)).invoke(named);
        return (ExecutorService) lookup.findStatic(Executors.class, "newThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class, ThreadFactory.class)).invoke(factory);
    }
}
