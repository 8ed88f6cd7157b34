package dev.tta.workflow.ops;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One observed primitive, as the annotation processor describes it in {@code META-INF/tta-workflow/primitives.json}.
 *
 * @param name the span and metric name (the {@code workflow_primitive_name} label)
 * @param type the primitive type ({@code step} for observed classes and methods)
 * @param workflow the workflow it belongs to, or {@code ""} when none was declared
 * @param source the class it was generated for, with {@code #method} for an observed method (e.g.
 *     {@code com.acme.Audit#record}); when several classes or methods share the name, all of them, sorted and
 *     separated by {@code ", "}
 * @param slos its service level objectives, possibly none
 */
public record PrimitiveDescriptor(String name, String type, String workflow, String source,
        List<SloDescriptor> slos) {

    /**
     * Checks the values and copies the list.
     *
     * @param name the span and metric name (the {@code workflow_primitive_name} label)
     * @param type the primitive type ({@code step} for observed classes and methods)
     * @param workflow the workflow it belongs to, or {@code ""} when none was declared
     * @param source the class it was generated for, with {@code #method} for an observed method
     * @param slos its service level objectives, possibly none
     * @throws IllegalArgumentException if the name is blank or two SLOs share a name
     */
    public PrimitiveDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(source, "source");
        slos = List.copyOf(slos);
        if (name.isBlank()) {
            throw new IllegalArgumentException("primitive name must not be blank (source " + source + ")");
        }
        Set<String> names = new HashSet<>();
        for (SloDescriptor slo : slos) {
            if (!names.add(slo.name())) {
                throw new IllegalArgumentException("primitive '" + name + "' declares the SLO '" + slo.name()
                        + "' twice");
            }
        }
    }

    /**
     * This primitive with another source added to its sources, when it is not among them yet.
     *
     * @param other the other source, e.g. {@code com.acme.Audit#write}
     * @return a descriptor listing both
     */
    public PrimitiveDescriptor withSource(String other) {
        Set<String> sources = new TreeSet<>();
        for (String list : List.of(source, other)) {
            Arrays.stream(list.split(", ")).filter(part -> !part.isBlank()).forEach(sources::add);
        }
        return new PrimitiveDescriptor(name, type, workflow, String.join(", ", sources), slos);
    }
}
