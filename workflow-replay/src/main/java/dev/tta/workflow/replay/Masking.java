package dev.tta.workflow.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.MapType;
import dev.tta.workflow.annotations.Sensitive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a journal masks before anything is written: properties and map keys named like secrets, and values marked
 * {@link Sensitive}. Names are compared without case and without separators, so {@code apiKey}, {@code API_KEY} and
 * {@code api-key} are one name; a name is a secret's when it starts or ends with a denied word
 * ({@code accessToken}, {@code passwordHash}, {@code clientSecret}), which masks a little more than needed rather
 * than less. Immutable.
 */
final class Masking {

    /** What a masked value is written as. */
    static final String MASK = "***";

    /** The default deny-list, in the normalised form of {@link #normalise}. */
    static final Set<String> DEFAULT_DENIED = Set.of("password", "passwd", "pwd", "passphrase", "secret", "token",
            "authorization", "auth", "apikey", "accesskey", "privatekey", "secretkey", "credential", "credentials",
            "cookie", "setcookie", "session", "sessionid", "bearer", "jwt", "otp", "pin", "cvv", "cvc", "ssn",
            "creditcard", "cardnumber", "iban", "signature");

    private final Set<String> denied;

    private Masking(Set<String> denied) {
        this.denied = Set.copyOf(denied);
    }

    /**
     * The default deny-list and more names.
     *
     * @param extra more names, normalised
     * @return the masking
     */
    static Masking withExtra(Set<String> extra) {
        Set<String> denied = new HashSet<>(DEFAULT_DENIED);
        denied.addAll(extra);
        return new Masking(denied);
    }

    /** The deny-list in force, normalised. */
    Set<String> denied() {
        return denied;
    }

    /**
     * A name without case and separators: {@code "API_Key"} becomes {@code "apikey"}.
     *
     * @param name a property name or map key
     * @return the normalised name
     */
    static String normalise(String name) {
        StringBuilder plain = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                plain.append(Character.toLowerCase(c));
            }
        }
        return plain.toString();
    }

    /** Whether a property or key of this name is masked. */
    boolean masks(String name) {
        if (name == null) {
            return false;
        }
        String plain = normalise(name);
        if (plain.isEmpty()) {
            return false;
        }
        if (denied.contains(plain)) {
            return true;
        }
        for (String word : denied) {
            // Short words only as the whole name: "pin" must not mask "shipping", nor "otp" "footprint".
            if (word.length() >= 5 && (plain.startsWith(word) || plain.endsWith(word))) {
                return true;
            }
        }
        return false;
    }

    /** The Jackson side: masked properties, masked maps' entries and types marked {@link Sensitive}. */
    BeanSerializerModifier modifier() {
        return new BeanSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription bean,
                    List<BeanPropertyWriter> properties) {
                List<BeanPropertyWriter> changed = new ArrayList<>(properties.size());
                for (BeanPropertyWriter property : properties) {
                    changed.add(masks(property.getName()) || sensitive(property.getMember())
                            ? new MaskedProperty(property) : property);
                }
                return changed;
            }

            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription bean,
                    JsonSerializer<?> serializer) {
                if (bean.getClassAnnotations().has(Sensitive.class)) {
                    return MaskedValue.INSTANCE;
                }
                // A JSON tree handed to a step is a map in all but name.
                return JsonNode.class.isAssignableFrom(bean.getBeanClass()) ? new MaskingTree(Masking.this)
                        : serializer;
            }

            @Override
            public JsonSerializer<?> modifyMapSerializer(SerializationConfig config, MapType type,
                    BeanDescription bean, JsonSerializer<?> serializer) {
                return new MaskingMap(Masking.this);
            }
        };
    }

    private static boolean sensitive(AnnotatedMember member) {
        return member != null && member.hasAnnotation(Sensitive.class);
    }

    /** A property written as the mask, its value never read. */
    private static final class MaskedProperty extends BeanPropertyWriter {
        private static final long serialVersionUID = 1L;

        MaskedProperty(BeanPropertyWriter base) {
            super(base);
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeFieldName(_name);
            generator.writeString(MASK);
        }

        @Override
        public void serializeAsElement(Object bean, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeString(MASK);
        }
    }

    /** A whole value written as the mask. */
    private static final class MaskedValue extends StdSerializer<Object> {
        private static final long serialVersionUID = 1L;
        static final MaskedValue INSTANCE = new MaskedValue();

        MaskedValue() {
            super(Object.class);
        }

        @Override
        public void serialize(Object value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(MASK);
        }
    }

    /** A JSON tree, the values of secret-named fields masked at any depth. */
    private static final class MaskingTree extends StdSerializer<JsonNode> {
        private static final long serialVersionUID = 1L;
        private final transient Masking masking;

        MaskingTree(Masking masking) {
            super(JsonNode.class);
            this.masking = masking;
        }

        @Override
        public void serialize(JsonNode node, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            if (node.isObject()) {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    generator.writeFieldName(field.getKey());
                    if (masking.masks(field.getKey())) {
                        generator.writeString(MASK);
                    } else {
                        serialize(field.getValue(), generator, provider);
                    }
                }
                generator.writeEndObject();
            } else if (node.isArray()) {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    serialize(element, generator, provider);
                }
                generator.writeEndArray();
            } else {
                // A scalar writes itself (writeTree would come back to this serializer).
                ((JsonSerializable) node).serialize(generator, provider);
            }
        }
    }

    /** A map, its keys as text, the values of secret-named keys masked. */
    private static final class MaskingMap extends StdSerializer<Map<?, ?>> {
        private static final long serialVersionUID = 1L;
        private final transient Masking masking;

        @SuppressWarnings({"unchecked", "rawtypes"})
        MaskingMap(Masking masking) {
            super((Class<Map<?, ?>>) (Class) Map.class);
            this.masking = masking;
        }

        @Override
        public void serialize(Map<?, ?> map, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeStartObject(map);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                generator.writeFieldName(key);
                if (masking.masks(key)) {
                    generator.writeString(MASK);
                } else {
                    provider.defaultSerializeValue(entry.getValue(), generator);
                }
            }
            generator.writeEndObject();
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Map<?, ?> value) {
            return value.isEmpty();
        }
    }
}
