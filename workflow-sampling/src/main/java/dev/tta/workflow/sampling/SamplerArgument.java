package dev.tta.workflow.sampling;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The syntax of {@code OTEL_TRACES_SAMPLER_ARG} for {@code tta_workflow}: rules, then options after semicolons
 * (documented on {@link WorkflowSampler#parse(String)}). Every error names the part that is wrong.
 */
final class SamplerArgument {

    static final Set<String> OPTIONS = Set.of("tail", "adapt", "slow", "p99", "max.traces", "max.spans", "max.bytes",
            "max.age");

    private record RuleSpec(String pattern, double probability, double tracesPerSecond) {
    }

    private final List<RuleSpec> rules;
    private final Map<String, String> options;

    private SamplerArgument(List<RuleSpec> rules, Map<String, String> options) {
        this.rules = rules;
        this.options = options;
    }

    static SamplerArgument parse(String argument) {
        List<RuleSpec> rules = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        if (argument == null || argument.isBlank()) {
            return new SamplerArgument(rules, options);
        }
        String[] sections = argument.split(";", -1);
        String[] ruleTexts = sections[0].split(",", -1);
        for (int i = 0; i < ruleTexts.length; i++) {
            String text = ruleTexts[i].strip();
            if (text.isEmpty()) {
                if (ruleTexts.length == 1) {
                    break; // only options
                }
                throw new IllegalArgumentException("rule " + (i + 1) + " is empty in '" + sections[0].strip()
                        + "'; rules are separated by commas, options come after a ';'");
            }
            rules.add(rule(text, i + 1));
        }
        for (int i = 1; i < sections.length; i++) {
            String text = sections[i].strip();
            if (text.isEmpty()) {
                continue;
            }
            int equals = text.indexOf('=');
            String key = (equals < 0 ? text : text.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
            String value = equals < 0 ? "on" : text.substring(equals + 1).strip();
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + text + "'; known options: "
                        + String.join(", ", new java.util.TreeSet<>(OPTIONS)));
            }
            options.put(key, value);
            check(key, value);
        }
        return new SamplerArgument(rules, options);
    }

    private static RuleSpec rule(String text, int index) {
        int equals = text.lastIndexOf('=');
        String pattern = equals < 0 ? "*" : text.substring(0, equals).strip();
        String rate = (equals < 0 ? text : text.substring(equals + 1)).strip();
        String where = "rule " + index + " '" + text + "'";
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException(where + " has no workflow pattern before '='");
        }
        try {
            if (rate.endsWith("/s") || rate.endsWith("/min")) {
                boolean perMinute = rate.endsWith("/min");
                double count = Double.parseDouble(rate.substring(0, rate.length() - (perMinute ? 4 : 2)).strip());
                double perSecond = perMinute ? count / 60 : count;
                if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                    throw new IllegalArgumentException(where + ": the target '" + rate + "' must be above 0");
                }
                return new RuleSpec(pattern, 0, perSecond);
            }
            double probability = rate.endsWith("%")
                    ? Double.parseDouble(rate.substring(0, rate.length() - 1).strip()) / 100
                    : Double.parseDouble(rate);
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException(where + ": the probability '" + rate
                        + "' must be from 0 to 1 (or 0% to 100%)");
            }
            return new RuleSpec(pattern, probability, 0);
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException(where + ": '" + rate + "' is not a rate; use a probability (0.25 or "
                    + "25%) or a target of kept traces per workflow (5/s or 30/min)");
        }
    }

    private static void check(String key, String value) {
        switch (key) {
            case "tail", "p99" -> onOff(key, value);
            case "adapt", "slow", "max.age" -> duration(key, value);
            case "max.traces", "max.spans" -> count(key, value);
            case "max.bytes" -> bytes(key, value);
            default -> throw new IllegalStateException(key);
        }
    }

    WorkflowSampler.Builder samplerBuilder() {
        WorkflowSampler.Builder builder = WorkflowSampler.builder();
        for (RuleSpec rule : rules) {
            if (rule.tracesPerSecond() > 0) {
                builder.adaptiveRule(rule.pattern(), rule.tracesPerSecond());
            } else {
                builder.rule(rule.pattern(), rule.probability());
            }
        }
        if (options.containsKey("adapt")) {
            builder.adaptationTime(duration("adapt", options.get("adapt")));
        }
        return builder.recordUnsampled(tail());
    }

    boolean tail() {
        return options.containsKey("tail") && onOff("tail", options.get("tail"));
    }

    void applyTo(TailSamplingSpanProcessor.Builder builder) {
        options.forEach((key, value) -> {
            switch (key) {
                case "slow" -> builder.slowThreshold(duration(key, value));
                case "p99" -> builder.slowerThanRecentP99(onOff(key, value));
                case "max.traces" -> builder.maxTraces(count(key, value));
                case "max.spans" -> builder.maxSpansPerTrace(count(key, value));
                case "max.bytes" -> builder.maxBytes(bytes(key, value));
                case "max.age" -> builder.maxAge(duration(key, value));
                default -> {
                    // tail and adapt belong to the sampler.
                }
            }
        });
    }

    static boolean onOff(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("option " + key + "=" + value + ": use on or off");
        };
    }

    static Duration duration(String key, String value) {
        String text = value.toLowerCase(Locale.ROOT).strip();
        try {
            Duration parsed;
            if (text.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).strip()));
            } else if (text.endsWith("s")) {
                parsed = Duration.ofMillis(new BigDecimal(text.substring(0, text.length() - 1).strip())
                        .movePointRight(3).longValueExact());
            } else if (text.endsWith("m")) {
                parsed = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1).strip()));
            } else {
                throw new NumberFormatException(text);
            }
            if (parsed.isNegative() || parsed.isZero()) {
                throw new NumberFormatException(text);
            }
            return parsed;
        } catch (NumberFormatException | ArithmeticException bad) {
            throw new IllegalArgumentException("option " + key + "=" + value
                    + ": not a positive duration; use for example 500ms, 2s or 1m");
        }
    }

    static int count(String key, String value) {
        try {
            int parsed = Integer.parseInt(value.replace("_", ""));
            if (parsed < 1) {
                throw new NumberFormatException(value);
            }
            return parsed;
        } catch (NumberFormatException bad) {
            throw new IllegalArgumentException("option " + key + "=" + value + ": not a whole number of at least 1");
        }
    }

    static long bytes(String key, String value) {
        String text = value.toLowerCase(Locale.ROOT).strip();
        long unit = 1;
        if (text.endsWith("kb")) {
            unit = 1L << 10;
        } else if (text.endsWith("mb")) {
            unit = 1L << 20;
        } else if (text.endsWith("gb")) {
            unit = 1L << 30;
        }
        String number = unit == 1 ? text : text.substring(0, text.length() - 2).strip();
        try {
            long parsed = Math.multiplyExact(Long.parseLong(number), unit);
            if (parsed < 1) {
                throw new NumberFormatException(value);
            }
            return parsed;
        } catch (NumberFormatException | ArithmeticException bad) {
            throw new IllegalArgumentException("option " + key + "=" + value
                    + ": not a size; use for example 65536, 512kb or 64mb");
        }
    }

    static String percent(double probability) {
        return number(probability * 100) + "%";
    }

    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
