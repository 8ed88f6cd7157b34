package dev.tta.workflow.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The primitives of one workflow: what one rule file and one dashboard cover.
 *
 * @param workflow the workflow name ({@code workflow_name} label), or {@code ""} for primitives that declare none
 * @param primitives its primitives, sorted by name
 */
public record WorkflowGroup(String workflow, List<PrimitiveDescriptor> primitives) {

    /** File name and title of the group of primitives that declare no workflow. */
    public static final String UNDECLARED = "workflows";

    /**
     * Copies the list.
     *
     * @param workflow the workflow name ({@code workflow_name} label), or {@code ""} for primitives that declare none
     * @param primitives its primitives, sorted by name
     */
    public WorkflowGroup {
        Objects.requireNonNull(workflow, "workflow");
        primitives = List.copyOf(primitives);
    }

    /**
     * Groups primitives by their declared workflow.
     *
     * @param primitives the primitives
     * @return one group per workflow, in workflow-name order ({@code ""} first)
     * @throws IllegalArgumentException if two workflow names would be written to the same file
     */
    public static List<WorkflowGroup> of(List<PrimitiveDescriptor> primitives) {
        Map<String, List<PrimitiveDescriptor>> byWorkflow = new TreeMap<>();
        for (PrimitiveDescriptor primitive : primitives) {
            byWorkflow.computeIfAbsent(primitive.workflow(), w -> new ArrayList<>()).add(primitive);
        }
        Map<String, String> slugs = new TreeMap<>();
        List<WorkflowGroup> groups = new ArrayList<>();
        byWorkflow.forEach((workflow, members) -> {
            members.sort((a, b) -> a.name().compareTo(b.name()));
            WorkflowGroup group = new WorkflowGroup(workflow, members);
            String clash = slugs.putIfAbsent(group.slug(), workflow);
            if (clash != null) {
                throw new IllegalArgumentException("the workflows '" + clash + "' and '" + workflow
                        + "' would both be written as " + group.slug() + "; rename one of them");
            }
            groups.add(group);
        });
        return groups;
    }

    /**
     * Whether these primitives declared no workflow.
     *
     * @return true for the {@code ""} group
     */
    public boolean undeclared() {
        return workflow.isEmpty();
    }

    /**
     * The name used in file names, rule group names and dashboard uids: the workflow name in lower case with
     * anything but letters, digits, '-', '_' and '.' replaced by '-'; {@value #UNDECLARED} for the undeclared group.
     *
     * @return the slug
     */
    public String slug() {
        if (undeclared()) {
            return UNDECLARED;
        }
        String slug = workflow.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return slug.replaceAll("^[-.]+|-+$", "").isEmpty() ? "workflow" : slug.replaceAll("^[-.]+|-+$", "");
    }

    /**
     * The title used in dashboards and alert texts.
     *
     * @return the workflow name, or "workflows without a declared workflow"
     */
    public String title() {
        return undeclared() ? "primitives without a declared workflow" : workflow;
    }

    /**
     * Whether any primitive declares an SLO.
     *
     * @return true if there is at least one SLO
     */
    public boolean hasSlos() {
        return primitives.stream().anyMatch(p -> !p.slos().isEmpty());
    }
}
