package dev.tta.workflow.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.Test;

/**
 * The processor is found by javac (and Gradle knows it is isolating) only through metadata files that are easy to
 * lose: on JDK 23+, AutoService does not run unless the compiler plugin lists it on the processor path, and then
 * {@code META-INF/services} silently vanishes from the jar.
 */
class ServiceFileTest {

    @Test
    void servicesFileNamesTheProcessor() throws Exception {
        Path services = classesDirectory().resolve("META-INF/services/javax.annotation.processing.Processor");
        assertTrue(Files.isRegularFile(services), () -> services + " is missing: did AutoService run?");
        assertEquals(List.of(ObservedProcessor.class.getName()), Files.readAllLines(services, StandardCharsets.UTF_8));
    }

    @Test
    void serviceLoaderFindsTheProcessor() {
        assertTrue(ServiceLoader.load(Processor.class, ObservedProcessor.class.getClassLoader()).stream()
                .anyMatch(provider -> provider.type() == ObservedProcessor.class));
    }

    @Test
    void gradleKnowsTheProcessorIsIsolating() throws Exception {
        Path gradle = classesDirectory().resolve("META-INF/gradle/incremental.annotation.processors");
        assertEquals(List.of(ObservedProcessor.class.getName() + ",isolating"),
                Files.readAllLines(gradle, StandardCharsets.UTF_8));
    }

    @Test
    void generatorNameInGeneratedAnnotationIsTheProcessor() {
        assertEquals(ObservedProcessor.class.getName(), InstrumentedWriter.GENERATOR);
    }

    /** Where the processor's classes were built: target/classes, the content of the jar. */
    private static Path classesDirectory() throws URISyntaxException {
        return Path.of(ObservedProcessor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
