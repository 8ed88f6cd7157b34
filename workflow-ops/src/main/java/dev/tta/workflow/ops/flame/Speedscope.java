package dev.tta.workflow.ops.flame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes flame graphs as speedscope's file format: sampled profiles weighted in nanoseconds, frames shared. */
final class Speedscope {

    private static final JsonFactory JSON = new JsonFactory();

    private Speedscope() {
    }

    /** One file holding a sampled profile for each named graph, frames shared between them. */
    static String json(String name, List<Map.Entry<String, FlameGraph>> profiles) {
        Map<List<Object>, Integer> frames = new LinkedHashMap<>();
        List<FlameGraph.Frame> frameList = new ArrayList<>();
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("$schema", "https://www.speedscope.app/file-format-schema.json");
            out.writeStringField("exporter", "tta-workflow");
            out.writeStringField("name", name);
            out.writeNumberField("activeProfileIndex", 0);
            // Profiles first into a buffer of stacks, so the shared frame table is complete when written.
            List<List<int[]>> samples = new ArrayList<>();
            List<List<Long>> weights = new ArrayList<>();
            for (Map.Entry<String, FlameGraph> profile : profiles) {
                List<int[]> stacks = new ArrayList<>();
                List<Long> stackWeights = new ArrayList<>();
                for (FlameGraph.Frame root : profile.getValue().root().children()) {
                    collect(root, new int[0], frames, frameList, stacks, stackWeights);
                }
                samples.add(stacks);
                weights.add(stackWeights);
            }
            out.writeObjectFieldStart("shared");
            out.writeArrayFieldStart("frames");
            for (FlameGraph.Frame frame : frameList) {
                out.writeStartObject();
                out.writeStringField("name", frame.name());
                if (frame.file().isPresent()) {
                    out.writeStringField("file", frame.file().get());
                }
                if (frame.line().isPresent()) {
                    out.writeNumberField("line", frame.line().getAsInt());
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
            out.writeArrayFieldStart("profiles");
            for (int p = 0; p < profiles.size(); p++) {
                out.writeStartObject();
                out.writeStringField("type", "sampled");
                out.writeStringField("name", profiles.get(p).getKey());
                out.writeStringField("unit", "nanoseconds");
                out.writeNumberField("startValue", 0);
                out.writeNumberField("endValue", profiles.get(p).getValue().root().totalNanos());
                out.writeArrayFieldStart("samples");
                for (int[] stack : samples.get(p)) {
                    out.writeArray(stack, 0, stack.length);
                }
                out.writeEndArray();
                out.writeArrayFieldStart("weights");
                for (long weight : weights.get(p)) {
                    out.writeNumber(weight);
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return text.toString() + "\n";
    }

    private static void collect(FlameGraph.Frame frame, int[] parent, Map<List<Object>, Integer> frames,
            List<FlameGraph.Frame> frameList, List<int[]> stacks, List<Long> weights) {
        List<Object> key = List.of(frame.name(), frame.file().orElse(""), frame.line().orElse(0));
        Integer index = frames.get(key);
        if (index == null) {
            index = frameList.size();
            frames.put(key, index);
            frameList.add(frame);
        }
        int[] stack = new int[parent.length + 1];
        System.arraycopy(parent, 0, stack, 0, parent.length);
        stack[parent.length] = index;
        if (frame.selfNanos() > 0) {
            stacks.add(stack);
            weights.add(frame.selfNanos());
        }
        for (FlameGraph.Frame child : frame.children()) {
            collect(child, stack, frames, frameList, stacks, weights);
        }
    }
}
