package dev.tta.workflow.benchmarks;

/**
 * JVM options of every benchmark fork.
 */
final class Forks {

    /**
     * A fixed 2 GB heap, so that heap resizing does not show in the numbers, and logback as the SLF4J provider
     * (named, so that SLF4J does not pick one by class path order): its MDC is a real one, unlike slf4j-nop's.
     */
    static final String HEAP_MIN = "-Xms2g";
    static final String HEAP_MAX = "-Xmx2g";
    static final String SLF4J_PROVIDER = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider";
    /** The ids read when a line is written (a log appender of {@code workflow-logging}), no MDC per call. */
    static final String LAZY_LOG_IDS = "-Dtta.workflow.mdc=lazy";

    private Forks() {
    }
}
