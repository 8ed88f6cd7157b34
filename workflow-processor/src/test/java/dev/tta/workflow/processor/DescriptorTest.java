package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.compile;
import static dev.tta.workflow.processor.Sources.compiler;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The descriptor the processor writes to {@code META-INF/tta-workflow/primitives.json}, read back with Jackson to
 * prove that it is valid JSON holding the right values.
 */
class DescriptorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final JavaFileObject CALL_MODEL = source("com.acme.agent.CallModel", """
            package com.acme.agent;

            import dev.tta.workflow.context.WorkflowContext;
            import dev.tta.workflow.WorkflowPrimitive;
            import dev.tta.workflow.annotations.AvailabilitySlo;
            import dev.tta.workflow.annotations.LatencySlo;
            import dev.tta.workflow.annotations.Observed;

            @Observed(workflow = "support-agent")
            @LatencySlo(target = 0.99, thresholdMillis = 300)
            @AvailabilitySlo(target = 0.999)
            public class CallModel extends WorkflowPrimitive<String, String> {
                @Override
                public String execute(String prompt, WorkflowContext context) {
                    return prompt;
                }
            }
            """);

    private static final JavaFileObject INVENTORY = source("com.acme.Inventory", """
            package com.acme;

            import dev.tta.workflow.annotations.AvailabilitySlo;
            import dev.tta.workflow.annotations.LatencySlo;
            import dev.tta.workflow.annotations.Observed;

            @Observed(workflow = "checkout")
            @AvailabilitySlo(target = 0.995, periodDays = 7)
            public class Inventory {
                public int stock(String sku) {
                    return 1;
                }

                @Observed(name = "inventory.reserve", workflow = "reservations")
                @LatencySlo(target = 0.95, thresholdMillis = 1500)
                public void reserve(String sku) {
                }

                public static class Audit {
                    @Observed(name = "say \\"hi\\"\\\\ \\u00e9\\t")
                    public void log(String line) {
                    }
                }
            }
            """);

    private static final JavaFileObject REPOSITORY = source("com.acme.Repository", """
            package com.acme;

            import dev.tta.workflow.annotations.Observed;

            @Observed
            public interface Repository {
                String find(String id);

                String find(String id, int version);
            }
            """);

    @Test
    void everyPrimitiveOfTheCompilationIsListedWithItsWorkflowAndObjectivesSortedByName() throws IOException {
        Compilation compilation = compile(CALL_MODEL, INVENTORY, REPOSITORY);
        assertThat(compilation).succeededWithoutWarnings();

        JsonNode descriptor = descriptor(compilation);
        assertEquals(1, descriptor.get("format").asInt());
        JsonNode primitives = descriptor.get("primitives");
        List<String> names = new ArrayList<>();
        primitives.forEach(primitive -> names.add(primitive.get("name").asText()));
        assertEquals(List.of("CallModel", "Inventory.stock", "Repository.find", "inventory.reserve",
                "say \"hi\"\\ \u00e9\t"), names);

        JsonNode callModel = primitives.get(0);
        assertEquals("step", callModel.get("type").asText());
        assertEquals("support-agent", callModel.get("workflow").asText());
        assertEquals("com.acme.agent.CallModel", callModel.get("source").asText());
        JsonNode latency = callModel.get("slos").get(0);
        assertEquals("latency-300ms", latency.get("name").asText());
        assertEquals("latency", latency.get("kind").asText());
        assertEquals(0.99, latency.get("target").asDouble());
        assertEquals(0.3, latency.get("thresholdSeconds").asDouble());
        assertEquals(30, latency.get("periodDays").asInt());
        JsonNode availability = callModel.get("slos").get(1);
        assertEquals("availability", availability.get("name").asText());
        assertEquals("availability", availability.get("kind").asText());
        assertEquals(0.999, availability.get("target").asDouble());
        assertFalse(availability.has("thresholdSeconds"));
        assertEquals(2, callModel.get("slos").size());

        // A method of a class inherits the class's workflow and objectives...
        JsonNode stock = primitives.get(1);
        assertEquals("checkout", stock.get("workflow").asText());
        assertEquals("com.acme.Inventory#stock", stock.get("source").asText());
        assertEquals(1, stock.get("slos").size());
        assertEquals(7, stock.get("slos").get(0).get("periodDays").asInt());
        // ...and adds or replaces its own.
        JsonNode reserve = primitives.get(3);
        assertEquals("reservations", reserve.get("workflow").asText());
        assertEquals(List.of("availability", "latency-1500ms"), sloNames(reserve));
        assertEquals(1.5, reserve.get("slos").get(1).get("thresholdSeconds").asDouble());

        // Overloads traced under one name are one primitive; a decorator's source is the interface.
        JsonNode find = primitives.get(2);
        assertEquals("com.acme.Repository#find", find.get("source").asText());
        assertEquals("", find.get("workflow").asText());
        assertEquals(0, find.get("slos").size());

        JsonNode nested = primitives.get(4);
        assertEquals("com.acme.Inventory.Audit#log", nested.get("source").asText(), "canonical name of a nested type");
    }

    @Test
    void theFileIsIndentedWithOneObjectiveALineAndEscapesWhatJsonRequires() throws IOException {
        Compilation compilation = compile(CALL_MODEL);
        assertThat(compilation).succeededWithoutWarnings();

        assertEquals("""
                {
                  "format": 1,
                  "primitives": [
                    {
                      "name": "CallModel",
                      "type": "step",
                      "workflow": "support-agent",
                      "source": "com.acme.agent.CallModel",
                      "slos": [
                        {"name": "latency-300ms", "kind": "latency", "target": 0.99, "thresholdSeconds": 0.3, \
                "periodDays": 30},
                        {"name": "availability", "kind": "availability", "target": 0.999, "periodDays": 30}
                      ]
                    }
                  ]
                }
                """, text(compilation));
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u007f\\u2028\u00e9\"",
                PrimitivesDescriptor.quote("a\"b\\c\n\r\t\b\f\u0001\u007f\u2028\u00e9"));
        assertEquals("{\n  \"format\": 1,\n  \"primitives\": []\n}\n", new PrimitivesDescriptor().toJson());
    }

    @Test
    void primitivesOfEveryRoundAreAggregatedIntoOneFile() throws IOException {
        // Another processor writes an observed step in the first round; it is processed in the second.
        Compilation compilation = compiler(new ObservedProcessor(), new StepGenerator())
                .withOptions((Object[]) Sources.STRICT)
                .compile(CALL_MODEL);
        assertThat(compilation).succeededWithoutWarnings();

        JsonNode primitives = descriptor(compilation).get("primitives");
        assertEquals(2, primitives.size());
        assertEquals("CallModel", primitives.get(0).get("name").asText());
        assertEquals("Later", primitives.get(1).get("name").asText());
        assertEquals(List.of("availability"), sloNames(primitives.get(1)));
    }

    @Test
    void theDescriptorCanBeTurnedOffAndIsNotWrittenWithoutPrimitives() {
        Compilation off = compiler(new ObservedProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror", "-Atta.workflow.descriptor=false")
                .compile(CALL_MODEL);
        assertThat(off).succeededWithoutWarnings();
        assertThat(off).generatedSourceFile("com.acme.agent.InstrumentedCallModel");
        assertTrue(off.generatedFiles().stream().noneMatch(file -> file.getName().endsWith("primitives.json")));

        JavaFileObject plain = source("com.acme.Plain", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                public class Plain {
                    @Observed.Exclude
                    public void nothing() {
                    }
                }
                """);
        Compilation none = Sources.compileLenient(plain);
        assertThat(none).succeeded();
        assertTrue(none.generatedFiles().stream().noneMatch(file -> file.getName().endsWith("primitives.json")));
    }

    @Test
    void aDescriptorThatCannotBeWrittenIsAWarningAndTheClassesAreStillGenerated() {
        // Another processor has claimed the path already: the Filer refuses to create it twice.
        Compilation compilation = compiler(new ObservedProcessor(), new DescriptorSquatter())
                .withOptions("-Xlint:all,-processing")
                .compile(CALL_MODEL);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[ObservedDescriptorNotWritten] Could not write "
                + "META-INF/tta-workflow/primitives.json");
        assertThat(compilation).generatedSourceFile("com.acme.agent.InstrumentedCallModel");
    }

    private static List<String> sloNames(JsonNode primitive) {
        List<String> names = new ArrayList<>();
        primitive.get("slos").forEach(slo -> names.add(slo.get("name").asText()));
        return names;
    }

    private static JsonNode descriptor(Compilation compilation) throws IOException {
        return JSON.readTree(text(compilation));
    }

    private static String text(Compilation compilation) throws IOException {
        JavaFileObject file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, PrimitivesDescriptor.PATH)
                .orElseThrow(() -> new AssertionError("no " + PrimitivesDescriptor.PATH + " among "
                        + compilation.generatedFiles()));
        try (InputStream in = file.openInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Stands for another annotation processor that writes a file where the descriptor goes. */
    private static final class DescriptorSquatter extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer writer = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
                        PrimitivesDescriptor.PATH).openWriter()) {
                    writer.write("{}");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    /** Stands for another annotation processor that writes an observed step in its first round. */
    private static final class StepGenerator extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer writer = processingEnv.getFiler().createSourceFile("com.acme.Later").openWriter()) {
                    writer.write("""
                            package com.acme;

                            import dev.tta.workflow.context.WorkflowContext;
                            import dev.tta.workflow.WorkflowPrimitive;
                            import dev.tta.workflow.annotations.AvailabilitySlo;
                            import dev.tta.workflow.annotations.Observed;

                            @Observed
                            @AvailabilitySlo
                            public class Later extends WorkflowPrimitive<String, String> {
                                @Override
                                public String execute(String input, WorkflowContext context) {
                                    return input;
                                }
                            }
                            """);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }
}
