package dev.tta.workflow.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tta.workflow.annotations.Sensitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random object graphs (maps, lists, records, beans, JSON trees, optionals, at random depths) with secrets under
 * deny-listed names in every spelling and in {@link Sensitive} properties and types: none reaches the JSON a
 * journal writes, and the values around them still do.
 */
class MaskingFuzzTest {

    private static final String[] SECRET_NAMES = {"password", "Password", "user_password", "passwordHash",
        "apiKey", "API_KEY", "api-key", "x-api-key", "token", "accessToken", "refresh_token", "secret",
        "clientSecret", "Authorization", "authorization", "cookie", "Set-Cookie", "sessionId", "privateKey",
        "credentials", "cvv", "ssn", "creditCard", "card_number", "iban", "bearer", "pin"};
    private static final String[] PLAIN_NAMES = {"name", "id", "amount", "items", "shipping", "footprint",
        "inputTokens", "outputTokens", "message", "status", "notes", "spinner", "opinion"};

    /** A record with a secret under a plain name, marked. */
    record Account(String owner, @Sensitive String recoveryPhrase, Object details) {
    }

    /** A type whose every value is secret. */
    @Sensitive
    record Credential(String value) {
    }

    /** A bean with a marked getter and a deny-listed one. */
    public static final class Profile {
        private final String nickname;
        private final String hidden;
        private final Object extra;

        Profile(String nickname, String hidden, Object extra) {
            this.nickname = nickname;
            this.hidden = hidden;
            this.extra = extra;
        }

        public String getNickname() {
            return nickname;
        }

        @Sensitive
        public String getHint() {
            return hidden;
        }

        public String getApiToken() {
            return hidden;
        }

        public Object getExtra() {
            return extra;
        }
    }

    @Test
    void noSecretOfAThousandRandomGraphsIsWritten() {
        JsonValues values = new JsonValues(Masking.withExtra(Set.of("nickname")), Integer.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(2026);
        int plainSeen = 0;
        for (int graph = 0; graph < 1_000; graph++) {
            Generator generator = new Generator(random, graph);
            Object value = generator.value(0);
            String json = values.encode(value);
            assertFalse(JsonValues.isMarker(json), json);
            for (String secret : generator.secrets) {
                assertFalse(json.contains(secret), "graph " + graph + " wrote " + secret + ": " + json);
            }
            for (String plain : generator.plain) {
                if (json.contains(plain)) {
                    plainSeen++;
                }
            }
        }
        // Masking hides the secrets, not everything: the plain values around them are still recorded.
        assertTrue(plainSeen > 1_000, plainSeen + " plain values written");
    }

    @Test
    void namesMaskedInEverySpellingAndOnlyThoseOfSecrets() {
        Masking masking = Masking.withExtra(Set.of());
        for (String name : SECRET_NAMES) {
            assertTrue(masking.masks(name), name);
        }
        for (String name : PLAIN_NAMES) {
            assertFalse(masking.masks(name), name);
        }
    }

    /** One random graph, and the secrets and plain values it holds. */
    private static final class Generator {
        private final SplittableRandom random;
        private final int graph;
        private int next;
        final List<String> secrets = new ArrayList<>();
        final List<String> plain = new ArrayList<>();

        Generator(SplittableRandom random, int graph) {
            this.random = random;
            this.graph = graph;
        }

        private String secret() {
            String secret = "S3CRET" + graph + "x" + next++ + "Z";
            secrets.add(secret);
            return secret;
        }

        private String plainValue() {
            String value = "plain" + graph + "x" + next++ + "Q";
            plain.add(value);
            return value;
        }

        Object value(int depth) {
            if (depth > 4) {
                return random.nextBoolean() ? plainValue() : random.nextInt(1000);
            }
            return switch (random.nextInt(9)) {
                case 0, 1 -> map(depth);
                case 2 -> list(depth);
                case 3 -> new Account(plainValue(), secret(), value(depth + 1));
                case 4 -> new Credential(secret());
                case 5 -> new Profile(secret(), secret(), value(depth + 1));
                case 6 -> tree(depth);
                case 7 -> Optional.of(map(depth));
                default -> plainValue();
            };
        }

        private Map<String, Object> map(int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            int size = 1 + random.nextInt(4);
            for (int i = 0; i < size; i++) {
                if (random.nextInt(3) == 0) {
                    // A secret under a deny-listed key: a string, or a whole structure.
                    map.put(SECRET_NAMES[random.nextInt(SECRET_NAMES.length)],
                            random.nextBoolean() ? secret() : List.of(secret(), Map.of("v", secret())));
                } else {
                    map.put(PLAIN_NAMES[random.nextInt(PLAIN_NAMES.length)] + i, value(depth + 1));
                }
            }
            return map;
        }

        private List<Object> list(int depth) {
            List<Object> list = new ArrayList<>();
            int size = 1 + random.nextInt(3);
            for (int i = 0; i < size; i++) {
                list.add(value(depth + 1));
            }
            return list;
        }

        private ObjectNode tree(int depth) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put(SECRET_NAMES[random.nextInt(SECRET_NAMES.length)], secret());
            node.put("name", plainValue());
            node.putObject("nested").put(SECRET_NAMES[random.nextInt(SECRET_NAMES.length)], secret())
                    .putArray("list").add(plainValue());
            return node;
        }
    }
}
