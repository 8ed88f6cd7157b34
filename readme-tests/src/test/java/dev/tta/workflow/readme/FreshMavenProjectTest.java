package dev.tta.workflow.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Quick start as a new user follows it: the README's {@code pom.xml} verbatim in an empty directory, its classes
 * in {@code src/main/java}, built by Maven 3.8 (Debian's) and by Maven 3.9 (the wrapper's, running this build), then
 * run with the README's OpenTelemetry set-up, which must print one trace and no SLF4J complaint.
 *
 * <p>Where the fresh builds find artifacts: a local repository of their own (a temporary directory) into which the
 * test installs this build's jars and poms of the library; everything else comes from this build's local repository,
 * read as a {@code file:} repository declared before Maven Central in a settings file of the test's own. So the fresh
 * builds download nothing that this build already has (the README's dependencies are dependencies of this module),
 * leave the build's local repository untouched, and see none of the user's settings.
 */
class FreshMavenProjectTest {

    private static final List<String> LIBRARY = List.of("workflow-annotations", "workflow-runtime",
            "workflow-processor");

    @TempDir
    static Path work;

    private static Path repository;
    private static Path settings;

    @BeforeAll
    static void repositories() throws IOException {
        repository = Files.createDirectories(work.resolve("repository"));
        String version = Build.version();
        install("tta-workflow-parent", version, Build.projectRoot().resolve("pom.xml"), null);
        for (String artifact : LIBRARY) {
            install(artifact, version, Build.projectRoot().resolve(artifact).resolve("pom.xml"),
                    Build.jar(artifact + "-" + version + ".jar"));
        }
        String buildRepository = Build.localRepository().toUri().toString();
        String repositoryXml = """
                        <id>build-local-repository</id>
                        <url>%s</url>
                        <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                        <snapshots><enabled>false</enabled></snapshots>
                """.formatted(buildRepository);
        settings = Files.writeString(work.resolve("settings.xml"), """
                <settings>
                  <profiles>
                    <profile>
                      <id>build-local-repository</id>
                      <repositories>
                        <repository>
                %s        </repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository>
                %s        </pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>build-local-repository</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(repositoryXml, repositoryXml));
    }

    /** What {@code install:install-file} would write: the layout of a local repository, with no remote origin. */
    private static void install(String artifact, String version, Path pom, Path jar) throws IOException {
        Path directory = Files.createDirectories(repository.resolve(Build.GROUP.replace('.', '/')).resolve(artifact)
                .resolve(version));
        Files.copy(pom, directory.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, directory.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void maven39BuildsAndRunsTheQuickStart() throws IOException {
        buildAndRun(Build.maven39(), "maven-3.9");
    }

    @Test
    void maven38BuildsAndRunsTheQuickStart() throws IOException {
        buildAndRun(Build.maven38(), "maven-3.8");
    }

    private static void buildAndRun(Path mvn, String name) throws IOException {
        Readme readme = Readme.load();
        Path project = Files.createDirectories(work.resolve(name));
        Files.writeString(project.resolve("pom.xml"), readme.single(Readme.POM));
        Map<String, String> sources = new LinkedHashMap<>(readme.javaSources(Readme.QUICK_START));
        sources.putAll(readme.javaSources(Readme.OPENTELEMETRY));
        Build.writeSources(project.resolve("src/main/java"), sources);

        Path classPathFile = project.resolve("target/runtime-classpath.txt");
        List<String> command = List.of(mvn.toString(), "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repository,
                "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:" + System.getProperty("readme.dependencyPlugin")
                        + ":build-classpath",
                "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=" + classPathFile);
        Build.Result build = Build.run(command, project,
                Map.of("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -Xmx512m"), 280);
        assertEquals(0, build.exitCode(), () -> String.join(" ", command) + "\n" + build.output());
        assertTrue(build.output().contains("BUILD SUCCESS"), build.output());
        long fromCentral = build.output().lines().filter(line -> line.contains("Downloaded from central:")).count();
        if (fromCentral > 0) {
            // Artifacts this build never needed (Maven 3.8's default plugins, on a machine that never ran it).
            System.out.println("[INFO] the fresh " + name + " build downloaded " + fromCentral
                    + " files from Maven Central");
        }
        assertTrue(Files.isRegularFile(project.resolve("target/classes/com/acme/InstrumentedValidateOrder.class")),
                "the processor ran");

        String mainClass = "com.acme." + Path.of(readme.javaSources(Readme.OPENTELEMETRY).keySet().iterator().next())
                .getFileName().toString().replace(".java", "");
        String classPath = project.resolve("target/classes") + java.io.File.pathSeparator
                + Files.readString(classPathFile).strip();
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, mainClass);
        Build.Result run = Build.run(java, project, Map.of(), 120);
        assertEquals(0, run.exitCode(), run::output);
        assertOneTrace(run.output());
    }

    /**
     * The console exporter's lines ({@code 'name' : traceId spanId KIND ...}) name every step of the Quick start, all
     * in one trace; the program printed its receipt and percentile; SLF4J found its binding.
     */
    static void assertOneTrace(String output) {
        assertTrue(output.contains("confirmed: reserved for o-1, charged 4200 cents"), output);
        assertTrue(output.contains("payment.charge p99: PT"), output);
        assertFalse(output.contains("No SLF4J providers"), output);
        Matcher span = Pattern.compile("'([^']+)' : ([0-9a-f]{32}) [0-9a-f]{16} ").matcher(output);
        Set<String> names = new TreeSet<>();
        Set<String> traces = new TreeSet<>();
        List<String> lines = new ArrayList<>();
        while (span.find()) {
            names.add(span.group(1));
            traces.add(span.group(2));
            lines.add(span.group());
        }
        assertEquals(new TreeSet<>(List.of("checkout", "ValidateOrder", "parallel", "ReserveInventory",
                "payment.charge", "ConfirmOrder")), names, output);
        assertEquals(1, traces.size(), () -> "one trace: " + lines);
        assertTrue(output.contains("workflow.primitive.duration"), "the metrics were exported:\n" + output);
    }
}
