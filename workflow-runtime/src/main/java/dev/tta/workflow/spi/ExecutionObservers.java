package dev.tta.workflow.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * The observers registered in addition to the library's own (the duration metric, HdrHistogram percentiles, in-flight
 * count, SLO events, cost roll-up, logs and MDC, which every execution always goes through). An execution takes the
 * set registered when it starts and keeps it until it ends. Thread-safe; registering is rare, reading is one volatile
 * load per execution.
 */
public final class ExecutionObservers {

    private static final ExecutionObserver[] NONE = new ExecutionObserver[0];
    private static volatile ExecutionObserver[] registered = NONE;

    private ExecutionObservers() {
    }

    /**
     * Adds an observer of every execution from now on.
     *
     * @param observer the observer
     * @return closes the registration: executions that start afterwards no longer see the observer
     * @throws NullPointerException if the observer is null
     */
    public static synchronized Registration register(ExecutionObserver observer) {
        Objects.requireNonNull(observer, "observer must not be null");
        ExecutionObserver[] current = registered;
        ExecutionObserver[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = observer;
        registered = grown;
        return () -> unregister(observer);
    }

    private static synchronized void unregister(ExecutionObserver observer) {
        ExecutionObserver[] current = registered;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == observer) {
                ExecutionObserver[] shrunk = new ExecutionObserver[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                registered = shrunk;
                return;
            }
        }
    }

    /** The observers now; the same empty array when there are none. */
    static ExecutionObserver[] current() {
        return registered;
    }

    /** A registered observer; closing it again does nothing. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        /** Removes the observer. */
        @Override
        void close();
    }
}
