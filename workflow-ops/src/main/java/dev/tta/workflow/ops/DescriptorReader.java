package dev.tta.workflow.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the primitive descriptors that the annotation processor writes to
 * {@value #RESOURCE}, one per compilation, and merges them: from files, directories, jars, or every such resource
 * on a class path.
 *
 * <p>Primitives sharing a name share their metrics, so entries of one name are merged by workflow:
 * <ul>
 *   <li>the same name in the same workflow, with the same type and objectives, is one primitive, whatever its
 *       sources (a jar and its classes directory; two methods given one name with {@code @Observed(name = ...)});
 *       its {@link PrimitiveDescriptor#source() source} then lists them all;</li>
 *   <li>the same name in the same workflow with other objectives or another type is an error;</li>
 *   <li>the same name in two declared workflows is one primitive in each (its series carry the workflow's name);</li>
 *   <li>the same name declared in a workflow and without one is an error: the rules of primitives without a workflow
 *       select their series in every workflow, so both rule files would record the same series.</li>
 * </ul>
 *
 * <p>Not thread-safe: fill one reader, then read {@link #primitives()}.
 */
public final class DescriptorReader {

    /** Where the processor writes the descriptor, relative to the class output (and inside jars). */
    public static final String RESOURCE = "META-INF/tta-workflow/primitives.json";

    /** The descriptor format this reader understands. */
    public static final int FORMAT = 1;

    /** An empty reader: add descriptors with {@code addPath} or {@code addClasspath}. */
    public DescriptorReader() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Primitives by name, then workflow. */
    private final Map<String, Map<String, PrimitiveDescriptor>> primitives = new TreeMap<>();
    /** Where each primitive (name and workflow) was first read. */
    private final Map<List<String>, String> origins = new LinkedHashMap<>();
    private final List<String> sources = new ArrayList<>();

    /**
     * Adds a descriptor file, a jar holding {@value #RESOURCE}, or a directory: a class output directory holding
     * {@value #RESOURCE}, or any directory, searched for files named {@code primitives.json}.
     *
     * @param path the file, jar or directory
     * @return this reader
     * @throws IllegalArgumentException if the path does not exist, a directory holds no descriptor, or a descriptor is
     *     malformed or contradicts one read before
     * @throws UncheckedIOException if reading fails
     */
    public DescriptorReader addPath(Path path) {
        if (Files.isDirectory(path)) {
            List<Path> found;
            try (Stream<Path> walk = Files.walk(path)) {
                found = walk.filter(Files::isRegularFile)
                        .filter(file -> file.getFileName().toString().equals("primitives.json"))
                        .sorted()
                        .toList();
            } catch (IOException failure) {
                throw new UncheckedIOException("cannot search " + path + " for descriptors", failure);
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no primitives.json under " + path
                        + "; expected a class output directory holding " + RESOURCE);
            }
            found.forEach(this::addFile);
        } else if (Files.isRegularFile(path)) {
            String fileName = path.getFileName().toString();
            if (fileName.endsWith(".jar") || fileName.endsWith(".zip")) {
                addJar(path);
            } else {
                addFile(path);
            }
        } else {
            throw new IllegalArgumentException("descriptor path " + path + " does not exist");
        }
        return this;
    }

    /**
     * Adds every {@value #RESOURCE} that the class loader sees (one per jar or class directory on its class path).
     *
     * @param classLoader the class loader, e.g. the context class loader of a build plugin's run
     * @return this reader
     * @throws IllegalArgumentException if a descriptor is malformed or contradicts one read before
     * @throws UncheckedIOException if reading fails
     */
    public DescriptorReader addClasspath(ClassLoader classLoader) {
        Enumeration<URL> resources;
        try {
            resources = classLoader.getResources(RESOURCE);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot list " + RESOURCE + " on the class path", failure);
        }
        for (URL url : Collections.list(resources)) {
            try (InputStream in = url.openStream()) {
                add(in, url.toString());
            } catch (IOException failure) {
                throw new UncheckedIOException("cannot read " + url, failure);
            }
        }
        return this;
    }

    /**
     * Adds one descriptor read from a stream.
     *
     * @param in the JSON, UTF-8
     * @param origin where it came from, for error messages
     * @return this reader
     * @throws IllegalArgumentException if the descriptor is malformed or contradicts one read before
     * @throws IOException if reading fails
     */
    public DescriptorReader add(InputStream in, String origin) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException failure) {
            throw new IllegalArgumentException(origin + " is not valid JSON: " + failure.getOriginalMessage(),
                    failure);
        }
        List<PrimitiveDescriptor> parsed = parse(root, origin);
        sources.add(origin);
        for (PrimitiveDescriptor primitive : parsed) {
            merge(primitive, origin);
        }
        return this;
    }

    private void merge(PrimitiveDescriptor primitive, String origin) {
        Map<String, PrimitiveDescriptor> byWorkflow = primitives.computeIfAbsent(primitive.name(),
                name -> new TreeMap<>());
        String clash = primitive.workflow().isEmpty()
                ? byWorkflow.keySet().stream().filter(w -> !w.isEmpty()).findFirst().orElse(null)
                : byWorkflow.containsKey("") ? "" : null;
        if (clash != null) {
            PrimitiveDescriptor other = byWorkflow.get(clash);
            String here = origin + " (" + primitive.source() + ")";
            String there = origins.get(List.of(other.name(), other.workflow())) + " (" + other.source() + ")";
            boolean undeclaredHere = primitive.workflow().isEmpty();
            throw new IllegalArgumentException("the primitive '" + primitive.name() + "' belongs to the workflow '"
                    + (undeclaredHere ? other.workflow() : primitive.workflow()) + "' in "
                    + (undeclaredHere ? there : here) + " but to no workflow in " + (undeclaredHere ? here : there)
                    + "; the rules of primitives without a workflow cover every workflow, so both rule files would"
                    + " record its series. Declare the same workflow on both with @Observed(workflow = ...), or"
                    + " give one of them another name with @Observed(name = ...)");
        }
        List<String> key = List.of(primitive.name(), primitive.workflow());
        PrimitiveDescriptor earlier = byWorkflow.get(primitive.workflow());
        if (earlier == null) {
            byWorkflow.put(primitive.workflow(), primitive);
            origins.put(key, origin);
        } else if (earlier.type().equals(primitive.type())
                && Set.copyOf(earlier.slos()).equals(Set.copyOf(primitive.slos()))) {
            byWorkflow.put(primitive.workflow(), earlier.withSource(primitive.source()));
        } else {
            throw new IllegalArgumentException("the primitive '" + primitive.name() + "'"
                    + (primitive.workflow().isEmpty() ? "" : " of the workflow '" + primitive.workflow() + "'")
                    + " is described differently in " + origins.get(key) + " (" + describe(earlier) + ") and in "
                    + origin + " (" + describe(primitive) + "); primitives sharing a name share their metrics, so"
                    + " declare the same objectives on both, or give one of them another name with"
                    + " @Observed(name = ...)");
        }
    }

    private static String describe(PrimitiveDescriptor primitive) {
        return primitive.source() + ": type " + primitive.type() + ", objectives " + primitive.slos().stream()
                .map(slo -> slo.name() + " = " + slo.promise() + " over " + slo.periodDays() + " days").toList();
    }

    /**
     * Every primitive read so far, sorted by name, then workflow.
     *
     * @return the primitives
     */
    public List<PrimitiveDescriptor> primitives() {
        List<PrimitiveDescriptor> all = new ArrayList<>();
        primitives.values().forEach(byWorkflow -> all.addAll(byWorkflow.values()));
        return List.copyOf(all);
    }

    /**
     * Where the descriptors read so far came from.
     *
     * @return files and URLs, in reading order
     */
    public List<String> sources() {
        return List.copyOf(sources);
    }

    private void addFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            add(in, file.toString());
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read " + file, failure);
        }
    }

    private void addJar(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(RESOURCE);
            if (entry == null) {
                throw new IllegalArgumentException(jar + " holds no " + RESOURCE
                        + "; was it compiled with the tta-workflow annotation processor?");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                add(in, jar + "!/" + RESOURCE);
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read " + jar, failure);
        }
    }

    private static List<PrimitiveDescriptor> parse(JsonNode root, String origin) {
        if (!root.isObject()) {
            throw malformed(origin, "the top level must be an object with 'format' and 'primitives'");
        }
        JsonNode format = root.get("format");
        if (format == null || !format.canConvertToInt() || format.intValue() != FORMAT) {
            throw malformed(origin, "'format' is " + format + "; this generator reads format " + FORMAT);
        }
        JsonNode list = root.get("primitives");
        if (list == null || !list.isArray()) {
            throw malformed(origin, "'primitives' must be an array");
        }
        List<PrimitiveDescriptor> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String where = "primitives[" + i + "]";
            try {
                List<SloDescriptor> slos = new ArrayList<>();
                JsonNode sloList = node.get("slos");
                if (sloList != null && !sloList.isNull()) {
                    if (!sloList.isArray()) {
                        throw new IllegalArgumentException("'slos' must be an array");
                    }
                    for (int j = 0; j < sloList.size(); j++) {
                        slos.add(slo(sloList.get(j), "slos[" + j + "]"));
                    }
                }
                result.add(new PrimitiveDescriptor(text(node, "name", null), text(node, "type", "step"),
                        text(node, "workflow", ""), text(node, "source", ""), slos));
            } catch (IllegalArgumentException failure) {
                throw malformed(origin, where + ": " + failure.getMessage());
            }
        }
        return result;
    }

    private static SloDescriptor slo(JsonNode node, String where) {
        try {
            SloKind kind = SloKind.parse(text(node, "kind", null));
            JsonNode threshold = node.get("thresholdSeconds");
            OptionalDouble thresholdSeconds = threshold == null || threshold.isNull()
                    ? OptionalDouble.empty() : OptionalDouble.of(number(node, "thresholdSeconds"));
            JsonNode period = node.get("periodDays");
            if (period == null || !period.canConvertToInt()) {
                throw new IllegalArgumentException("'periodDays' must be a whole number");
            }
            return new SloDescriptor(text(node, "name", null), kind, number(node, "target"), thresholdSeconds,
                    period.intValue());
        } catch (IllegalArgumentException failure) {
            throw new IllegalArgumentException(where + ": " + failure.getMessage(), failure);
        }
    }

    private static String text(JsonNode node, String field, String defaultValue) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            if (defaultValue == null) {
                throw new IllegalArgumentException("'" + field + "' is missing");
            }
            return defaultValue;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string, not " + value);
        }
        return value.textValue();
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number, not " + value);
        }
        return value.doubleValue();
    }

    private static IllegalArgumentException malformed(String origin, String detail) {
        return new IllegalArgumentException("malformed primitive descriptor " + origin + ": " + detail);
    }
}
