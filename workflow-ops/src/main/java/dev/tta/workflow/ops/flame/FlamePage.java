package dev.tta.workflow.ops.flame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import one.convert.Arguments;
import one.convert.CallStack;
import one.convert.Frame;

/**
 * Renders flame graphs with async-profiler's converter ({@code tools.profiler:jfr-converter}), which writes one
 * self-contained HTML page (canvas, zoom, search, differential colouring). What it lacks for span data is added to its
 * output: widths read as durations instead of sample counts, a run's share, and escaping for names that would end the
 * page's script.
 */
final class FlamePage {

    /** The converter page's sample formatter, replaced by a duration formatter. */
    static final String SAMPLES = "return n === 1 ? '1 sample' : n.toString().replace(/\\B(?=(\\d{3})+(?!\\d))/g,"
            + " ',') + ' samples';";
    /** How the converter shows a differential frame's change, replaced by a duration. */
    static final String DIFF = "(d ? (d > 0 ? ', +' : ', ') + d : '')";
    private static final String CPOOL_START = "const cpool = [";
    private static final String CPOOL_END = "];";

    private FlamePage() {
    }

    /**
     * The page of a graph; with a baseline, the differential page of the graph against it (both should be means of a
     * run so that the difference is per run).
     */
    static String html(FlameGraph graph, String title, FlameGraph baseline) {
        Arguments arguments = new Arguments();
        arguments.title = escapeHtml(title);
        one.convert.FlameGraph page = converterGraph(graph, arguments);
        int runs = graph.runCount();
        if (baseline != null) {
            page.diff(converterGraph(baseline, new Arguments()));
            runs = 1;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            page.dump(bytes);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return patch(bytes.toString(StandardCharsets.UTF_8), runs);
    }

    private static one.convert.FlameGraph converterGraph(FlameGraph graph, Arguments arguments) {
        one.convert.FlameGraph page = new one.convert.FlameGraph(arguments);
        CallStack stack = new CallStack();
        for (FlameGraph.Frame root : graph.root().children()) {
            add(root, stack, page);
        }
        return page;
    }

    private static void add(FlameGraph.Frame frame, CallStack stack, one.convert.FlameGraph page) {
        // One frame type for every span: the converter colours by type, and its type suffixes never apply here.
        stack.push(frame.label().replaceAll("\\p{Cntrl}", " "), Frame.TYPE_JIT_COMPILED);
        if (frame.selfNanos() > 0) {
            page.addSample(stack, frame.selfNanos());
        }
        for (FlameGraph.Frame child : frame.children()) {
            add(child, stack, page);
        }
        stack.pop();
    }

    private static String patch(String html, int runs) {
        String patched = replaceOnce(html, SAMPLES, "return duration(n) + (runs > 1 ? ', ' + duration(n / runs)"
                + " + ' a run' : '');\n\t}\n\n\tconst runs = " + runs + ";\n\n"
                + "\tfunction duration(ns) {\n"
                + "\t\tif (ns >= 1e9) return (ns / 1e9).toFixed(3) + ' s';\n"
                + "\t\tif (ns >= 1e6) return (ns / 1e6).toFixed(3) + ' ms';\n"
                + "\t\tif (ns >= 1e3) return (ns / 1e3).toFixed(3) + ' \\u00b5s';\n"
                + "\t\treturn Math.round(ns) + ' ns';");
        patched = replaceOnce(patched, DIFF, "(d ? (d > 0 ? ', +' : ', -') + duration(Math.abs(d)) + ' a run' : '')");
        int start = patched.indexOf(CPOOL_START);
        int end = patched.indexOf(CPOOL_END, start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("the flame graph page of jfr-converter has no frame names where expected");
        }
        // Names are in single-quoted script strings: "</" there would end the script element.
        return patched.substring(0, start) + patched.substring(start, end).replace("</", "<\\/")
                + patched.substring(end);
    }

    private static String replaceOnce(String text, String marker, String replacement) {
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("the flame graph page of jfr-converter changed: '" + marker
                    + "' not found; pin the version this library was built with");
        }
        return text.substring(0, at) + replacement + text.substring(at + marker.length());
    }

    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }
}
