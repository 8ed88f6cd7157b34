package dev.tta.workflow.internal;

import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workflow and correlation ids: how fresh ones are made and which ones from outside are accepted. An id from a
 * carrier (baggage a remote caller sent) reaches every MDC line and span attribute of a run, so only
 * {@value #MAX_LENGTH} characters at most of letters, digits and {@code - _ . : / + = @ ~} are taken; anything else
 * is replaced, and the rejection is logged (at most once a minute) with the value's length, never the value.
 */
public final class Ids {

    /** The longest id accepted from outside. */
    public static final int MAX_LENGTH = 128;

    /** What the accepted ids may contain, for messages. */
    public static final String CHARSET = "letters, digits and - _ . : / + = @ ~";

    private static final Logger LOG = LoggerFactory.getLogger("dev.tta.workflow.telemetry");
    private static final LogThrottle THROTTLE = new LogThrottle();

    private Ids() {
    }

    /**
     * Whether an id is acceptable: 1 to {@value #MAX_LENGTH} characters of {@value #CHARSET}.
     *
     * @param id the candidate, possibly null
     * @return true if it may be used as it is
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!allowed(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=' || c == '@'
                || c == '~';
    }

    /**
     * An id received from outside, if it is valid; otherwise null, and the rejection is logged without the value.
     *
     * @param key where it came from, e.g. the baggage key
     * @param received the value received, possibly null
     * @return the value, or null if absent or rejected
     */
    public static String fromCarrier(String key, String received) {
        if (received == null || received.isEmpty()) {
            return null;
        }
        if (isValid(received)) {
            return received;
        }
        reportRejected(key, received.length());
        return null;
    }

    private static void reportRejected(String key, int length) {
        if (!THROTTLE.permits()) {
            return;
        }
        try {
            LOG.warn("Ignored the {} received from the caller ({} characters): ids from carriers must be 1 to {} "
                    + "characters of {}. A fresh id is used instead. Logged at most once a minute.",
                    key, length, MAX_LENGTH, CHARSET);
        } catch (Throwable loggingFailed) {
            TelemetryErrors.report("warning of a rejected id", loggingFailed);
        }
    }

    /**
     * A fresh id: 128 random bits as 32 hex characters, unique enough for ids and cheaper than a random UUID.
     *
     * @return the id
     */
    public static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return hex(random.nextLong()) + hex(random.nextLong());
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
