package dev.tta.workflow.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Values to and from JSON text: serialised by their runtime class (no type information in the journal), masked
 * ({@link Masking}) and bounded; read back as a declared type for a replay. A value that does not serialise, or is
 * larger than the bound, is recorded as a marker object that says so: never a failure of the workflow. Thread-safe.
 */
final class JsonValues {

    /** Marker key of a value that could not be serialised: its class and the reason. */
    static final String UNSERIALISABLE = "$unserialisable";
    /** Marker key of a value larger than the bound: its size and SHA-256. */
    static final String TRUNCATED = "$truncated";
    /** Marker key of a value left out because the run's journal was full. */
    static final String OMITTED = "$omitted";

    private final ObjectMapper mapper;
    private final int maxValueBytes;

    JsonValues(Masking masking, int maxValueBytes) {
        this.mapper = JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("tta-workflow-masking").setSerializerModifier(masking.modifier()))
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Decimals keep every digit when a journal is read back, so that values compare equal.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        this.maxValueBytes = maxValueBytes;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * A value as JSON text: {@code null}, the value masked, or a marker.
     *
     * @param value the value, possibly null
     * @return compact JSON text
     */
    String encode(Object value) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException | RuntimeException | StackOverflowError failure) {
            // A cycle Jackson does not see overflows the stack: that is a value that does not serialise too.
            return marker(UNSERIALISABLE, value.getClass().getName(), describe(failure));
        }
        if (json.length > maxValueBytes) {
            ObjectNode marker = mapper.createObjectNode();
            marker.putObject(TRUNCATED).put("bytes", json.length).put("limit", maxValueBytes)
                    .put("sha256", sha256(json));
            return marker.toString();
        }
        return new String(json, StandardCharsets.UTF_8);
    }

    /** A marker for a value left out because the run's journal reached its bound. */
    String omitted(int bytes) {
        ObjectNode marker = mapper.createObjectNode();
        marker.putObject(OMITTED).put("bytes", bytes).put("reason", "the run's journal reached its size bound");
        return marker.toString();
    }

    private String marker(String key, String type, String reason) {
        ObjectNode marker = mapper.createObjectNode();
        marker.putObject(key).put("type", type).put("reason", reason);
        return marker.toString();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (message == null) {
            return failure.getClass().getSimpleName();
        }
        // Jackson's messages end with a reference chain that can be long; the first line says what was wrong.
        int end = message.indexOf('\n');
        String first = end < 0 ? message : message.substring(0, end);
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }

    /**
     * Whether recorded JSON text is a marker rather than a value, so that it cannot stand in for an output.
     *
     * @param json recorded JSON text
     * @return true for the markers of this class
     */
    static boolean isMarker(String json) {
        return json != null && (json.startsWith("{\"" + UNSERIALISABLE + "\"") || json.startsWith("{\"" + TRUNCATED
                + "\"") || json.startsWith("{\"" + OMITTED + "\""));
    }

    /**
     * JSON text as a tree, for comparisons.
     *
     * @param json JSON text
     * @return the tree
     * @throws JsonProcessingException if it is not JSON
     */
    JsonNode tree(String json) throws JsonProcessingException {
        return mapper.readTree(json);
    }

    /**
     * Recorded JSON text read back as a type.
     *
     * @param json the recorded text
     * @param type the declared type; null reads it as maps, lists and scalars
     * @return the value
     * @throws JsonProcessingException if it does not read as that type
     */
    Object decode(String json, Type type) throws JsonProcessingException {
        return mapper.readValue(json, type == null ? mapper.constructType(Object.class)
                : mapper.getTypeFactory().constructType(type));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
