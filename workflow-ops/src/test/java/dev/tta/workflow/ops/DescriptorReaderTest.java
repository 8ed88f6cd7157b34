package dev.tta.workflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading descriptors from files, class directories, jars and class paths, and rejecting bad ones clearly. */
class DescriptorReaderTest {

    @TempDir
    Path directory;

    private static String descriptor(String primitives) {
        return "{\"format\": 1, \"primitives\": [" + primitives + "]}";
    }

    private static final String CALL_MODEL = "{\"name\": \"CallModel\", \"type\": \"step\", \"workflow\": \"agent\","
            + " \"source\": \"a.CallModel\", \"slos\": [{\"name\": \"latency-300ms\", \"kind\": \"latency\","
            + " \"target\": 0.99, \"thresholdSeconds\": 0.3, \"periodDays\": 30}]}";
    private static final String ROUTE = "{\"name\": \"Route\", \"type\": \"step\", \"workflow\": \"\","
            + " \"source\": \"b.Route#go\", \"slos\": []}";

    @Test
    void readsTheFixtureWithItsSlos() {
        List<PrimitiveDescriptor> primitives = Fixtures.primitives();
        assertEquals(List.of("CallModel", "LookupCustomer", "QueueReply", "SendReply", "audit.record"),
                primitives.stream().map(PrimitiveDescriptor::name).toList());
        SloDescriptor latency = primitives.get(0).slos().get(1);
        assertEquals(SloKind.LATENCY, latency.kind());
        assertEquals(0.25, latency.thresholdSeconds().getAsDouble());
        assertEquals("0.01", latency.errorBudget().toPlainString());
        assertEquals("99% of successful executions finish within 250 ms", latency.promise());
        assertEquals("0.001", primitives.get(0).slos().get(0).errorBudget().toPlainString());
    }

    @Test
    void mergesClassDirectoriesJarsAndTheClassPathCountingIdenticalEntriesOnce() throws Exception {
        Path classes = directory.resolve("classes");
        Path resource = classes.resolve(DescriptorReader.RESOURCE);
        Files.createDirectories(resource.getParent());
        Files.writeString(resource, descriptor(CALL_MODEL));
        Path jar = directory.resolve("lib.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry(DescriptorReader.RESOURCE));
            zip.write(descriptor(ROUTE + "," + CALL_MODEL).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        DescriptorReader reader = new DescriptorReader().addPath(classes).addPath(jar);
        assertEquals(List.of("CallModel", "Route"), reader.primitives().stream().map(PrimitiveDescriptor::name)
                .toList());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), jar.toUri().toURL()},
                null)) {
            DescriptorReader fromClasspath = new DescriptorReader().addClasspath(loader);
            assertEquals(2, fromClasspath.sources().size());
            assertEquals(reader.primitives(), fromClasspath.primitives());
        }
    }

    @Test
    void theFixtureIsWhatTheProcessorWritesForTheSampleSteps() {
        // The processor ran on this module's test sources (the sample steps): the unit tests' checked-in descriptor
        // must say what it wrote, so that what they prove holds for real descriptors.
        DescriptorReader written = new DescriptorReader().addClasspath(getClass().getClassLoader());
        assertEquals(1, written.sources().size(), written.sources().toString());
        assertEquals(Fixtures.primitives(), written.primitives());
    }

    @Test
    void contradictoryDescriptionsOfOneNameAreRejected() throws Exception {
        String other = CALL_MODEL.replace("0.99", "0.95").replace("a.CallModel", "b.CallModel");
        DescriptorReader reader = new DescriptorReader().add(stream(descriptor(CALL_MODEL)), "first.json");
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> reader.add(stream(descriptor(other)), "second.json"));
        assertTrue(failure.getMessage().contains("'CallModel' of the workflow 'agent' is described differently in"
                + " first.json (a.CallModel: type step, objectives [latency-300ms = 99% of successful executions"
                + " finish within 300 ms over 30 days]) and in second.json (b.CallModel"), failure.getMessage());
    }

    @Test
    void oneNameFromSeveralSourcesWithTheSameObjectivesIsOnePrimitiveListingThemAll() throws Exception {
        // Two methods given one span name (the processor lists each with its own source), and a second jar.
        String write = CALL_MODEL.replace("a.CallModel", "a.Ledger#write");
        String append = CALL_MODEL.replace("a.CallModel", "a.Ledger#append");
        DescriptorReader reader = new DescriptorReader().add(stream(descriptor(write + "," + append)), "one.json")
                .add(stream(descriptor(CALL_MODEL)), "two.json");
        assertEquals(1, reader.primitives().size());
        assertEquals("a.CallModel, a.Ledger#append, a.Ledger#write", reader.primitives().get(0).source());
        // The objectives are compared as a set: their order is the declaration's.
        String two = CALL_MODEL.replace("]}", ", {\"name\": \"availability\", \"kind\": \"availability\","
                + " \"target\": 0.9, \"periodDays\": 30}]}");
        String swapped = CALL_MODEL.replace("[{", "[{\"name\": \"availability\", \"kind\": \"availability\","
                + " \"target\": 0.9, \"periodDays\": 30}, {").replace("a.CallModel", "c.CallModel");
        assertEquals(1, new DescriptorReader().add(stream(descriptor(two)), "x.json")
                .add(stream(descriptor(swapped)), "y.json").primitives().size());
    }

    @Test
    void oneNameInTwoWorkflowsIsAPrimitiveOfEach() throws Exception {
        String billing = CALL_MODEL.replace("\"agent\"", "\"billing\"").replace("0.99", "0.95");
        List<PrimitiveDescriptor> primitives = new DescriptorReader().add(stream(descriptor(CALL_MODEL + ","
                + billing)), "both.json").primitives();
        assertEquals(List.of("agent", "billing"), primitives.stream().map(PrimitiveDescriptor::workflow).toList());
        assertEquals(2, WorkflowGroup.of(primitives).size());
    }

    @Test
    void oneNameWithAWorkflowAndWithoutOneIsRejected() throws Exception {
        String undeclared = CALL_MODEL.replace("\"agent\"", "\"\"").replace("a.CallModel", "b.CallModel");
        for (List<String> order : List.of(List.of(CALL_MODEL, undeclared), List.of(undeclared, CALL_MODEL))) {
            DescriptorReader reader = new DescriptorReader().add(stream(descriptor(order.get(0))), "first.json");
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> reader.add(stream(descriptor(order.get(1))), "second.json"));
            String declaredIn = order.get(0) == CALL_MODEL ? "first.json" : "second.json";
            String undeclaredIn = order.get(0) == CALL_MODEL ? "second.json" : "first.json";
            assertTrue(failure.getMessage().contains("'CallModel' belongs to the workflow 'agent' in " + declaredIn
                    + " (a.CallModel) but to no workflow in " + undeclaredIn + " (b.CallModel)"), failure.getMessage());
        }
    }

    @Test
    void malformedDescriptorsAreRejectedWithWhereAndWhy() {
        assertMalformed("{\"format\": 2, \"primitives\": []}", "this generator reads format 1");
        assertMalformed("[]", "top level must be an object");
        assertMalformed("{\"format\": 1", "not valid JSON");
        assertMalformed(descriptor(CALL_MODEL.replace("\"latency\"", "\"speed\"")), "unknown SLO kind 'speed'");
        assertMalformed(descriptor(CALL_MODEL.replace("0.99", "1.5")), "primitives[0]: slos[0]: SLO"
                + " 'latency-300ms': target 1.5 must be strictly between 0 and 1");
        assertMalformed(descriptor(CALL_MODEL.replace(", \"thresholdSeconds\": 0.3", "")),
                "needs a positive thresholdSeconds");
        assertMalformed(descriptor(CALL_MODEL.replace("30}", "400}")), "periodDays 400 must be between 1 and 365");
        assertMalformed(descriptor(CALL_MODEL.replace("\"name\": \"CallModel\", ", "")), "'name' is missing");
        String twice = CALL_MODEL.replace("]}", ", {\"name\": \"latency-300ms\", \"kind\": \"availability\","
                + " \"target\": 0.9, \"periodDays\": 30}]}");
        assertMalformed(descriptor(twice), "declares the SLO 'latency-300ms' twice");
    }

    private static void assertMalformed(String json, String expected) {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> new DescriptorReader().add(stream(json), "bad.json"));
        assertTrue(failure.getMessage().contains("bad.json") && failure.getMessage().contains(expected),
                failure.getMessage());
    }

    @Test
    void missingPathsAndEmptyDirectoriesAreRejected() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new DescriptorReader().addPath(directory.resolve("no")));
        Files.createDirectories(directory.resolve("empty"));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new DescriptorReader().addPath(directory.resolve("empty")));
        assertTrue(empty.getMessage().contains("no primitives.json under"));
        Path jar = directory.resolve("other.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("x.txt"));
            zip.closeEntry();
        }
        IllegalArgumentException noEntry = assertThrows(IllegalArgumentException.class,
                () -> new DescriptorReader().addPath(jar));
        assertTrue(noEntry.getMessage().contains("holds no " + DescriptorReader.RESOURCE));
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
