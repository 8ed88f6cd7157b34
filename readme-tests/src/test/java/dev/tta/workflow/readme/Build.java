package dev.tta.workflow.readme;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** What the README tests take from the build that runs them: jars, the local repository, programs to run. */
final class Build {

    static final String GROUP = "dev.tta.workflow";

    private Build() {
    }

    static String version() {
        return property("readme.version");
    }

    static Path projectRoot() {
        return Path.of(property("readme.projectRoot")).toAbsolutePath().normalize();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the system property " + name + " (set by the module's pom) is missing");
        }
        return value;
    }

    /**
     * A jar by file name: from the test class path (third-party jars, and the library's own once packaged), else
     * from a module's target directory ({@code workflow-runtime-0.1.0-SNAPSHOT.jar} in {@code workflow-runtime}).
     */
    static Path jar(String fileName) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null && path.getFileName().toString().equals(fileName)) {
                return path.toAbsolutePath();
            }
        }
        String suffix = "-" + version() + ".jar";
        if (fileName.endsWith(suffix)) {
            Path packaged = projectRoot().resolve(fileName.substring(0, fileName.length() - suffix.length()))
                    .resolve("target").resolve(fileName);
            if (Files.isRegularFile(packaged)) {
                return packaged;
            }
        }
        throw new AssertionError(fileName + " is neither on the test class path nor packaged in the reactor: the "
                + "README tests need the library's jars (run ./mvnw verify, which packages them first)");
    }

    /**
     * The local repository this build resolves from: the one holding a third-party jar of the test class path.
     */
    static Path localRepository() {
        Path slf4j = jar("slf4j-simple-" + org.slf4j.simple.SimpleLogger.class.getPackage().getImplementationVersion()
                + ".jar");
        // <repository>/org/slf4j/slf4j-simple/<version>/slf4j-simple-<version>.jar
        return slf4j.getParent().getParent().getParent().getParent().getParent();
    }

    /** Whether a missing program fails the test rather than skips it: under CI it must be there. */
    static boolean required() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** Skips the test with this reason, said on the console too, or fails it under CI. */
    static void missing(String reason) {
        if (required()) {
            fail(reason + " (CI is set, so this test must not be skipped)");
        }
        System.out.println("[WARNING] skipped: " + reason);
        Assumptions.abort(reason);
    }

    /** Debian's Maven 3.8, or a skip saying how to get it. */
    static Path maven38() {
        for (Path candidate : List.of(Path.of("/usr/share/maven/bin/mvn"), Path.of("/usr/bin/mvn"))) {
            if (Files.isExecutable(candidate)) {
                Optional<String> version = mavenVersion(candidate);
                if (version.isPresent() && version.get().startsWith("3.8")) {
                    return candidate;
                }
            }
        }
        missing("Maven 3.8 is not installed (/usr/bin/mvn); install Debian's 'maven' package (apt-get install maven)");
        throw new AssertionError("unreachable");
    }

    /** The Maven running this build (the wrapper's 3.9). */
    static Path maven39() {
        Path mvn = Path.of(property("readme.mavenHome"), "bin", "mvn");
        if (!Files.isExecutable(mvn)) {
            throw new AssertionError("the Maven running this build is not at " + mvn);
        }
        return mvn;
    }

    private static Optional<String> mavenVersion(Path mvn) {
        try {
            Result result = run(List.of(mvn.toString(), "-B", "--version"), Path.of("."), Map.of(), 60);
            // Maven 3.8 colours its banner even in batch mode.
            java.util.regex.Matcher version = java.util.regex.Pattern.compile("Apache Maven (\\d[\\w.-]*)")
                    .matcher(result.output());
            return version.find() ? Optional.of(version.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What a process printed (standard output and error together) and how it ended. */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs a command with the test's JDK as {@code JAVA_HOME} and first on the {@code PATH}.
     *
     * @param timeoutSeconds how long it may take
     */
    static Result run(List<String> command, Path directory, Map<String, String> environment, long timeoutSeconds)
            throws IOException {
        Path log = Files.createTempFile("readme-test", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            String javaHome = System.getProperty("java.home");
            env.put("JAVA_HOME", javaHome);
            env.put("PATH", Path.of(javaHome, "bin") + File.pathSeparator + env.getOrDefault("PATH", ""));
            // Nothing of the outer build leaks into the fresh one.
            for (String name : List.of("MAVEN_ARGS", "MAVEN_CONFIG", "MAVEN_OPTS", "MAVEN_PROJECTBASEDIR",
                    "MAVEN_BASEDIR", "MAVEN_DEBUG_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH")) {
                env.remove(name);
            }
            env.putAll(environment);
            Process process = builder.start();
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    fail(String.join(" ", command) + " did not end within " + timeoutSeconds + " s:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Writes sources (by path relative to the root) under a source root. */
    static List<Path> writeSources(Path sourceRoot, Map<String, String> sources) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceRoot.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            written.add(Files.writeString(file, source.getValue()));
        }
        return written;
    }
}
