package dev.tta.workflow.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * The JSON-lines form of a journal: a header line ({@code "journal": "tta-workflow"}, format version, workflow, ids,
 * when), then one line per execution in the order they started. Values are embedded as JSON, not as strings, so the
 * file reads well in {@code jq}.
 */
final class JournalFormat {

    static final String MAGIC = "tta-workflow";
    static final int VERSION = 1;
    /** Far above any journal's bounds, far below what would exhaust memory on a hostile file. */
    private static final int MAX_LINE_CHARS = 64 * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(2_000).maxStringLength(MAX_LINE_CHARS).build());
    }

    private JournalFormat() {
    }

    static void write(RunJournal journal, Writer writer) throws IOException {
        ObjectNode header = JSON.createObjectNode()
                .put("journal", MAGIC)
                .put("version", VERSION)
                .put("workflow", journal.workflowName())
                .put("workflowId", journal.workflowId())
                .put("traceId", journal.traceId())
                .put("recordedAt", journal.recordedAt().toString())
                .put("truncated", journal.truncated())
                .put("executions", journal.entries().size());
        journal.replayOf().ifPresent(original -> header.put("replayOf", original));
        if (!journal.masked().isEmpty()) {
            ArrayNode masked = header.putArray("masked");
            journal.masked().stream().sorted().forEach(masked::add);
        }
        writer.write(header.toString());
        writer.write('\n');
        for (JournalEntry entry : journal.entries()) {
            writer.write(line(entry).toString());
            writer.write('\n');
        }
        writer.flush();
    }

    private static ObjectNode line(JournalEntry entry) throws JsonProcessingException {
        ObjectNode line = JSON.createObjectNode()
                .put("seq", entry.seq())
                .put("parent", entry.parent())
                .put("path", entry.path())
                .put("name", entry.name())
                .put("type", entry.type());
        line.set("input", entry.input() == null ? null : JSON.readTree(entry.input()));
        if (entry.failure() != null) {
            line.putObject("failure").put("type", entry.failure().type()).put("message", entry.failure().message());
        } else if (entry.ended()) {
            line.set("output", entry.output() == null ? null : JSON.readTree(entry.output()));
            if (entry.outputClass() != null) {
                line.put("outputClass", entry.outputClass());
            }
        }
        if (!entry.decisions().isEmpty()) {
            ArrayNode decisions = line.putArray("decisions");
            for (RecordedDecision decision : entry.decisions()) {
                decisions.addObject().put("kind", decision.kind()).put("value", decision.value());
            }
        }
        line.put("startNanos", entry.startNanos()).put("durationNanos", entry.durationNanos());
        if (entry.substituted()) {
            line.put("substituted", true);
        }
        return line;
    }

    static RunJournal read(Reader source, String name) throws IOException {
        BufferedReader reader = source instanceof BufferedReader buffered ? buffered : new BufferedReader(source);
        String first = reader.readLine();
        if (first == null) {
            throw new JournalFormatException(name + " is empty: a journal starts with a header line");
        }
        JsonNode header = parse(first, name, 1);
        if (!MAGIC.equals(header.path("journal").asText(null))) {
            throw new JournalFormatException(name + " line 1 is not a tta-workflow journal header");
        }
        int version = header.path("version").asInt(-1);
        if (version != VERSION) {
            throw new JournalFormatException(name + " is a journal of format version " + version
                    + "; this library reads version " + VERSION);
        }
        List<JournalEntry> entries = new ArrayList<>();
        String line;
        int number = 1;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            entries.add(entry(parse(line, name, number), name, number));
        }
        Set<String> masked = new HashSet<>();
        for (JsonNode maskedName : header.path("masked")) {
            masked.add(Masking.normalise(maskedName.asText()));
        }
        Instant recordedAt;
        try {
            recordedAt = Instant.parse(text(header, "recordedAt", name, 1));
        } catch (DateTimeParseException malformed) {
            throw new JournalFormatException(name + " line 1: recordedAt is not an ISO-8601 instant", malformed);
        }
        try {
            return new RunJournal(text(header, "workflow", name, 1), text(header, "workflowId", name, 1),
                    text(header, "traceId", name, 1), recordedAt,
                    header.hasNonNull("replayOf") ? header.get("replayOf").asText() : null,
                    header.path("truncated").asBoolean(false), masked, entries);
        } catch (IllegalArgumentException invalid) {
            throw new JournalFormatException(name + ": " + invalid.getMessage(), invalid);
        }
    }

    private static JsonNode parse(String line, String name, int number) throws JournalFormatException {
        if (line.length() > MAX_LINE_CHARS) {
            throw new JournalFormatException(name + " line " + number + " is longer than " + MAX_LINE_CHARS
                    + " characters");
        }
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new JournalFormatException(name + " line " + number + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException malformed) {
            throw new JournalFormatException(name + " line " + number + " is not JSON: "
                    + malformed.getOriginalMessage(), malformed);
        }
    }

    private static JournalEntry entry(JsonNode line, String name, int number) throws JournalFormatException {
        List<RecordedDecision> decisions = new ArrayList<>();
        for (JsonNode decision : line.path("decisions")) {
            decisions.add(new RecordedDecision(text(decision, "kind", name, number),
                    text(decision, "value", name, number)));
        }
        JsonNode failure = line.get("failure");
        RecordedFailure recordedFailure = failure == null || failure.isNull() ? null
                : new RecordedFailure(text(failure, "type", name, number),
                        failure.hasNonNull("message") ? failure.get("message").asText() : null);
        return new JournalEntry(integer(line, "seq", name, number), integer(line, "parent", name, number),
                text(line, "path", name, number), text(line, "name", name, number),
                text(line, "type", name, number), json(line.get("input")),
                recordedFailure == null ? json(line.get("output")) : null,
                line.hasNonNull("outputClass") ? line.get("outputClass").asText() : null, recordedFailure, decisions,
                line.path("startNanos").asLong(0), line.path("durationNanos").asLong(-1),
                line.path("substituted").asBoolean(false));
    }

    private static String json(JsonNode value) {
        return value == null ? null : value.toString();
    }

    private static String text(JsonNode node, String field, String name, int number) throws JournalFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new JournalFormatException(name + " line " + number + ": \"" + field + "\" is missing or not text");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field, String name, int number) throws JournalFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new JournalFormatException(name + " line " + number + ": \"" + field + "\" is missing or not a "
                    + "number");
        }
        return value.asInt();
    }
}
