package dev.tta.workflow.ops;

import java.nio.file.Path;
import java.util.List;

/**
 * The checked-in descriptor the unit tests generate from: a workflow with SLOs and a primitive without a workflow. It
 * is what the processor writes for the sample steps in {@code dev.tta.workflow.ops.sample}
 * ({@code DescriptorReaderTest} checks), kept as a file so that the unit tests read like the descriptor they use.
 */
final class Fixtures {

    static final Path SUPPORT_AGENT = Path.of("src/test/resources/fixtures/support-agent-primitives.json");

    private Fixtures() {
    }

    static List<PrimitiveDescriptor> primitives() {
        return new DescriptorReader().addPath(SUPPORT_AGENT).primitives();
    }

    static List<WorkflowGroup> groups() {
        return WorkflowGroup.of(primitives());
    }
}
