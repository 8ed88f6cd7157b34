package dev.tta.workflow.internal;

import java.util.Optional;
import java.util.Set;

/**
 * Where a built-in primitive was built: the first frame of the calling thread's stack outside the runtime's own
 * packages, so that a {@code Workflows.retry(...)} in {@code SupportAgent.java} line 88 says so on its spans. Taken
 * once, when the primitive is built (a stack walk of a few microseconds), never per execution.
 */
public final class BuildSite {

    private static final Set<String> RUNTIME_PACKAGES = Set.of("dev.tta.workflow", "dev.tta.workflow.spi",
            "dev.tta.workflow.context", "dev.tta.workflow.internal", "dev.tta.workflow.telemetry",
            "dev.tta.workflow.cost", "dev.tta.workflow.slo");

    private static final StackWalker WALKER = StackWalker.getInstance();

    private BuildSite() {
    }

    /**
     * The source file, relative to the source root, and the line that built the primitive being built now.
     *
     * @return the site, or empty when the frames carry no file and line (classes compiled without debug information)
     */
    public static Optional<Location> caller() {
        try {
            return WALKER.walk(frames -> frames
                    .filter(frame -> !RUNTIME_PACKAGES.contains(packageOf(frame.getClassName())))
                    .findFirst()
                    .filter(frame -> frame.getFileName() != null && frame.getLineNumber() > 0)
                    .map(frame -> new Location(pathOf(frame.getClassName(), frame.getFileName()),
                            frame.getLineNumber())));
        } catch (Throwable failure) {
            TelemetryErrors.report("finding where a primitive was built", failure);
            return Optional.empty();
        }
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static String pathOf(String className, String fileName) {
        String packageName = packageOf(className);
        return packageName.isEmpty() ? fileName : packageName.replace('.', '/') + '/' + fileName;
    }

    /**
     * A place in the source.
     *
     * @param file the path relative to the source root
     * @param line the line, from 1
     */
    public record Location(String file, long line) {
    }
}
