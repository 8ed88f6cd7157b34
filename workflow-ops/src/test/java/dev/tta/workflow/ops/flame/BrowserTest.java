package dev.tta.workflow.ops.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The generated pages in a real browser (Debian's Chromium, headless, offline): a screenshot of each, kept under
 * {@code target/browser} as a build artifact and checked for drawn frames, and the page's own hover titles read back
 * through its DOM: frames present, with names, source locations and durations. Skipped without Chromium, except
 * under CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {

    private static final Path ARTIFACTS = Path.of("target/browser");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A duration as the pages print it. */
    private static final Pattern DURATION = Pattern.compile("(\\d+\\.\\d{3}) (s|ms|\u00b5s)");

    /**
     * Moves the mouse over every frame wide enough to hit, as a user would, and records the title the page shows.
     * Appended to a copy of the page: the page itself is what was generated.
     */
    private static final String FLAME_PROBE = "<script>\n(function () {\n"
            + "  const rect = canvas.getBoundingClientRect();\n"
            + "  const frames = [];\n"
            + "  for (let h = 0; h < levels.length; h++) {\n"
            + "    for (const f of levels[h]) {\n"
            + "      if (f.width * px < 4) continue;\n"
            + "      const x = (f.left + f.width / 2 - root.left) * px;\n"
            + "      const y = inverted ? h * 16 + 8 : canvasHeight - (h + 1) * 16 + 8;\n"
            + "      canvas.dispatchEvent(new MouseEvent('mousemove', {clientX: rect.left + x, clientY: rect.top + y,"
            + " bubbles: true}));\n"
            + "      frames.push({level: h, name: f.title, width: f.width, title: canvas.title,"
            + " status: status.textContent});\n"
            + "    }\n"
            + "  }\n"
            + "  const pre = document.createElement('pre');\n"
            + "  pre.id = 'probe';\n"
            + "  pre.textContent = JSON.stringify({rootWidth: levels[0][0].width, frames: frames});\n"
            + "  document.body.appendChild(pre);\n"
            + "})();\n</script>\n";

    private HeadlessChromium chromium;
    private List<Run> runs;
    private Path views;

    @BeforeAll
    void writeViews() throws Exception {
        chromium = HeadlessChromium.find();
        runs = Run.of(SyntheticTraces.spans(300, 11));
        views = ARTIFACTS.resolve("views");
        TraceViews.writeSpans(SyntheticTraces.spans(300, 11), views, null);
    }

    @Test
    void theFlameGraphShowsEveryFrameWithItsDurationAndSource() throws Exception {
        FlameGraph graph = FlameGraph.of(runs);
        JsonNode probe = probe(views.resolve(TraceViews.FLAME_HTML), "flame");
        long wall = runs.stream().mapToLong(Run::durationNanos).sum();
        assertTrue(Math.abs(probe.get("rootWidth").asLong() - wall) <= wall / 100,
                "the page's root is as wide as the runs' wall time");
        Set<String> names = new HashSet<>();
        for (JsonNode frame : probe.get("frames")) {
            String name = frame.get("name").asText();
            String title = frame.get("title").asText();
            names.add(name);
            assertTrue(title.startsWith(name + "\n("), title);
            Matcher duration = DURATION.matcher(title);
            assertTrue(duration.find(), "a duration in " + title);
            assertTrue(title.contains(" a run"), "the time a run in " + title);
            assertTrue(frame.get("status").asText().contains(name), "the status line names the frame");
        }
        List<String> expected = new ArrayList<>(List.of("all"));
        collectLabels(graph.root(), expected);
        for (String label : expected) {
            assertTrue(names.contains(label), label + " is drawn; drawn: " + names);
        }
        assertTrue(names.contains("llm.call (CallModel.java:44)"), "frames carry their source location");
        JsonNode root = frame(probe, "support-agent");
        Matcher duration = DURATION.matcher(root.get("title").asText());
        assertTrue(duration.find());
        assertEquals(millis(wall), seconds(duration) * 1000, millis(wall) / 1000, root.get("title").asText());

        Path png = chromium.screenshot(views.resolve(TraceViews.FLAME_HTML), ARTIFACTS.resolve("flame.png"), 1200,
                400);
        assertFrameRowsDrawn(ImageIO.read(png.toFile()), graph);
    }

    @Test
    void theDifferentialPageShowsWhatSlowRunsSpendMore() throws Exception {
        JsonNode probe = probe(views.resolve(TraceViews.FLAME_DIFF_HTML), "flame-diff");
        String title = frame(probe, "llm.call (CallModel.java:44)").get("title").asText();
        assertTrue(Pattern.compile(", \\+\\d+\\.\\d{3} ms a run").matcher(title).find(),
                "slow runs spend more in the model call: " + title);
        Path png = chromium.screenshot(views.resolve(TraceViews.FLAME_DIFF_HTML), ARTIFACTS.resolve("flame-diff.png"),
                1200, 400);
        BufferedImage image = ImageIO.read(png.toFile());
        boolean red = false;
        for (int y = 0; y < image.getHeight() && !red; y++) {
            for (int x = 0; x < image.getWidth() && !red; x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                red = r == 255 && g < 200 && g == b;
            }
        }
        assertTrue(red, "a frame is coloured red (more time in slow runs) in " + png);
    }

    @Test
    void theTimelineNestsEverySliceAndTitlesThem() throws Exception {
        Run slowest = TraceViews.slowest(runs);
        String dom = chromium.dumpDom(views.resolve(TraceViews.TIMELINE_HTML));
        Files.writeString(ARTIFACTS.resolve("timeline.dom.html"), dom);
        assertTrue(dom.contains("data-slices=\"" + slowest.spanCount() + "\""), "every span drawn");
        assertTrue(dom.contains("data-improperly-nested=\"0\""), "no slice improperly nested");
        List<String> titles = new ArrayList<>();
        Matcher slice = Pattern.compile("<div class=\"slice[^\"]*\"[^>]* title=\"([^\"]*)\"").matcher(dom);
        while (slice.find()) {
            titles.add(slice.group(1));
        }
        assertEquals(slowest.spanCount(), titles.size(), dom);
        assertTrue(titles.stream().anyMatch(t -> t.startsWith("llm.call\n") && DURATION.matcher(t).find()
                && t.contains("source: src/main/java/dev/example/CallModel.java:44")), titles.toString());
        assertTrue(titles.stream().anyMatch(t -> t.startsWith("support-agent\n")
                && t.contains(Durations.format(slowest.durationNanos()).replace("\u00b5", "&micro;"))
                || t.startsWith("support-agent\n") && t.contains(Durations.format(slowest.durationNanos()))),
                titles.toString());
        assertTrue(titles.stream().filter(t -> t.startsWith("parallel\n")).noneMatch(t -> t.contains("source:")),
                "no source where the span has none");
        assertTrue(dom.contains("lane 2: "), "parallel branches on lanes of their own");

        Path png = chromium.screenshot(views.resolve(TraceViews.TIMELINE_HTML), ARTIFACTS.resolve("timeline.png"),
                1200, 300);
        BufferedImage image = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertTrue(colours.size() > 8, "slices drawn in colours: " + colours.size() + " colours in " + png);
    }

    /** Loads a copy of the page with the probe appended and returns what the probe recorded. */
    private JsonNode probe(Path page, String name) throws Exception {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        int end = html.lastIndexOf("</body>");
        Path probed = ARTIFACTS.resolve(name + ".probed.html");
        Files.writeString(probed, html.substring(0, end) + FLAME_PROBE + html.substring(end), StandardCharsets.UTF_8);
        String dom = chromium.dumpDom(probed);
        Matcher pre = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(pre.find(), "the probe ran in " + name + ": " + dom.substring(0, Math.min(dom.length(), 2000)));
        String json = pre.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
        Files.writeString(ARTIFACTS.resolve(name + ".probe.json"), json);
        return JSON.readTree(json);
    }

    private static JsonNode frame(JsonNode probe, String name) {
        for (JsonNode frame : probe.get("frames")) {
            if (frame.get("name").asText().equals(name)) {
                return frame;
            }
        }
        throw new AssertionError("no frame " + name + " in " + probe);
    }

    private static void collectLabels(FlameGraph.Frame frame, List<String> labels) {
        for (FlameGraph.Frame child : frame.children()) {
            labels.add(child.label());
            collectLabels(child, labels);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static double seconds(Matcher duration) {
        double value = Double.parseDouble(duration.group(1));
        return switch (duration.group(2)) {
            case "s" -> value;
            case "ms" -> value / 1e3;
            default -> value / 1e6;
        };
    }

    /** Rows of the frame area: the bottom row ("all") spans the width, and there is a row per level of the graph. */
    private static void assertFrameRowsDrawn(BufferedImage image, FlameGraph graph) {
        int background = image.getRGB(image.getWidth() / 2, image.getHeight() - 2) & 0xFFFFFF;
        int fullRows = 0;
        int drawnRows = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            int painted = 0;
            for (int x = 10; x < image.getWidth() - 10; x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != background) {
                    painted++;
                }
            }
            if (painted > (image.getWidth() - 20) * 0.97) {
                fullRows++;
            }
            if (painted > 20) {
                drawnRows++;
            }
        }
        assertTrue(fullRows >= 12, "the root frames span the page: " + fullRows + " full pixel rows");
        assertTrue(drawnRows >= depth(graph.root()) * 12, drawnRows + " drawn pixel rows");
    }

    private static int depth(FlameGraph.Frame frame) {
        int depth = 0;
        for (FlameGraph.Frame child : frame.children()) {
            depth = Math.max(depth, depth(child));
        }
        return depth + 1;
    }
}
