package dev.tta.workflow.ops;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real programs some tests need (Prometheus, promtool, Node.js, Chromium). Without them a developer's run skips those
 * tests with a message saying what to install; under CI (the {@code CI} variable is set) it fails instead, so a
 * missing install step cannot pass unnoticed.
 */
public final class ExternalTools {

    private ExternalTools() {
    }

    /** Whether missing tools fail the test rather than skip it. */
    public static boolean required() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** The program on the PATH or in /usr/bin, or a skip (fail under CI) naming how to get it. */
    public static Path require(String program, String howToInstall) {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, program));
                }
            }
        }
        candidates.add(Path.of("/usr/bin", program));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing("'" + program + "' is not on the PATH nor in /usr/bin; " + howToInstall);
        throw new AssertionError("unreachable");
    }

    /** Reasons already said on the console: each is said once, however many tests it skips. */
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    /**
     * Skips the test with this reason, or fails it under CI. The reason is also printed, once, as a warning on the
     * console: surefire otherwise keeps it in its XML report only.
     */
    public static void missing(String reason) {
        if (required()) {
            fail(reason + " (CI is set, so this test must not be skipped)");
        }
        if (SAID.add(reason)) {
            System.out.println("[WARNING] tests skipped: " + reason);
        }
        Assumptions.abort(reason);
    }

    /** Prometheus' rule checker. */
    static Path promtool() {
        return require("promtool", "install Debian's 'prometheus' package (apt-get install prometheus), which ships it");
    }

    /** Debian's headless-capable Chromium, for the tests that load generated pages in a real browser. */
    public static Path chromium() {
        return require("chromium", "install Debian's 'chromium' package (apt-get install chromium)");
    }

    /** The Prometheus server. */
    static Path prometheus() {
        return require("prometheus", "install Debian's 'prometheus' package (apt-get install prometheus)");
    }
}
