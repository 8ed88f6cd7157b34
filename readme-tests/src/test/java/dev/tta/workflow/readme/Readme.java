package dev.tta.workflow.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's fenced code blocks and the marker before each: {@code <!-- readme-test: NAME -->} for a block a test
 * extracts and compiles or runs, {@code <!-- illustration -->} for one that only shows something (an excerpt with
 * {@code ...}, output, a command that needs a server).
 */
final class Readme {

    /** The README's blocks that tests use, by marker name. */
    static final String POM = "pom";
    static final String QUICK_START = "quickstart";
    static final String OPENTELEMETRY = "opentelemetry";
    static final String JAVAC = "javac";
    static final String GENERATED = "generated";
    static final List<String> TESTED = List.of(POM, QUICK_START, OPENTELEMETRY, JAVAC, GENERATED);

    static final String ILLUSTRATION = "illustration";

    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!-- (?:readme-test: ([\\w-]+)|(illustration)) -->$");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)", Pattern.MULTILINE);

    /**
     * One fenced block.
     *
     * @param line the line of its opening fence, from 1
     * @param language what follows the opening fence, possibly empty
     * @param marker the marker's name ({@code illustration} or a tested block's name), or null without one
     * @param text the block's lines, each ending with a newline
     */
    record Block(int line, String language, String marker, String text) {
    }

    private final Path file;
    private final List<Block> blocks;

    private Readme(Path file, List<Block> blocks) {
        this.file = file;
        this.blocks = blocks;
    }

    /** The project's README, found through the system property the build sets. */
    static Readme load() {
        String path = System.getProperty("readme.file");
        if (path == null) {
            throw new IllegalStateException("the system property readme.file (set by the module's pom) is missing");
        }
        return parse(Path.of(path));
    }

    static Readme parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String marker = null;
            if (i > 0) {
                Matcher m = MARKER.matcher(lines.get(i - 1).strip());
                if (m.matches()) {
                    marker = m.group(1) != null ? m.group(1) : m.group(2);
                }
            }
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).equals("```")) {
                text.append(lines.get(j)).append('\n');
                j++;
            }
            if (j == lines.size()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": the code block is never closed");
            }
            blocks.add(new Block(i + 1, open.group(1), marker, text.toString()));
            i = j;
        }
        return new Readme(file, List.copyOf(blocks));
    }

    Path file() {
        return file;
    }

    List<Block> blocks() {
        return blocks;
    }

    List<Block> tested(String name) {
        return blocks.stream().filter(block -> name.equals(block.marker())).toList();
    }

    /** The one block of that name. */
    String single(String name) {
        List<Block> found = tested(name);
        if (found.size() != 1) {
            throw new AssertionError(file + ": expected one block marked readme-test: " + name + ", found "
                    + found.size());
        }
        return found.get(0).text();
    }

    /**
     * Java sources of the blocks of that name, by file name relative to the source root ({@code com/acme/Main.java}):
     * each block is one compilation unit, named after its public type and placed by its package.
     */
    Map<String, String> javaSources(String name) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Block block : tested(name)) {
            Matcher type = PUBLIC_TYPE.matcher(block.text());
            if (!type.find()) {
                throw new AssertionError(file + ":" + block.line() + ": a Java block without a public type");
            }
            Matcher pkg = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE).matcher(block.text());
            String directory = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
            String path = directory + type.group(1) + ".java";
            if (sources.put(path, block.text()) != null) {
                throw new AssertionError(file + ":" + block.line() + ": " + path + " is written twice");
            }
        }
        return sources;
    }
}
