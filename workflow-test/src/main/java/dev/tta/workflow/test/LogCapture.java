package dev.tta.workflow.test;

import dev.tta.workflow.spi.IsolatedTelemetry;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.SubstituteLoggerFactory;

/**
 * The log lines of one test: those written while the test's isolated telemetry was current on the logging thread
 * (during the test method on its own thread, and in every step of its workflows on whichever thread runs it), so that
 * tests running at once never see each other's lines. Works with Logback as the SLF4J backend; with another one,
 * {@link #available()} is false and nothing is captured.
 */
final class LogCapture {

    private static final boolean LOGBACK = logback();

    private final IsolatedTelemetry owner;
    private final Queue<CapturedLog> lines = new ConcurrentLinkedQueue<>();

    LogCapture(IsolatedTelemetry owner) {
        this.owner = owner;
    }

    static boolean available() {
        return LOGBACK;
    }

    private static boolean logback() {
        try {
            Class.forName("ch.qos.logback.classic.LoggerContext", false, LogCapture.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
        // While another thread initialises SLF4J (tests starting at once), SLF4J hands out a substitute factory.
        long deadline = System.nanoTime() + 10_000_000_000L;
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        while (factory instanceof SubstituteLoggerFactory && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
            factory = LoggerFactory.getILoggerFactory();
        }
        return LogbackAppender.supports(factory);
    }

    void open() {
        if (LOGBACK) {
            LogbackAppender.register(this);
        }
    }

    void close() {
        if (LOGBACK) {
            LogbackAppender.unregister(this);
        }
    }

    /** Whether a line logged now, on this thread, belongs to this test. */
    boolean wants() {
        return owner.isCurrent();
    }

    void add(CapturedLog line) {
        lines.add(line);
    }

    List<CapturedLog> lines() {
        return List.copyOf(lines);
    }

    void clear() {
        lines.clear();
    }
}
