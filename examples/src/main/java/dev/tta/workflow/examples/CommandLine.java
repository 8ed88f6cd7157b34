package dev.tta.workflow.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The examples' command lines: {@code --name=value} options and plain arguments. */
public final class CommandLine {

    private final String usage;
    private final Map<String, String> options;
    private final List<String> arguments;

    private CommandLine(String usage, Map<String, String> options, List<String> arguments) {
        this.usage = usage;
        this.options = options;
        this.arguments = arguments;
    }

    /**
     * Reads a command line.
     *
     * @param usage the usage line, shown with any error
     * @param known the option names the program understands, without {@code --}
     * @param args the arguments
     * @return the parsed command line
     * @throws IllegalArgumentException for an unknown or malformed option
     */
    public static CommandLine parse(String usage, Set<String> known, String... args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> arguments = new ArrayList<>();
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            }
            if (!arg.startsWith("--")) {
                arguments.add(arg.strip());
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (equals < 0 || !known.contains(name)) {
                throw new IllegalArgumentException("'" + arg + "' is not understood; " + usage);
            }
            options.put(name, arg.substring(equals + 1));
        }
        return new CommandLine(usage, options, arguments);
    }

    /**
     * An option's value.
     *
     * @param name the option, without {@code --}
     * @param fallback the value when it is absent
     * @return the value
     */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /**
     * A whole-number option.
     *
     * @param name the option, without {@code --}
     * @param fallback the value when it is absent
     * @return the value
     * @throws IllegalArgumentException if it is not a number
     */
    public long number(String name, long fallback) {
        String value = options.get(name);
        return value == null ? fallback : number("--" + name + "=" + value, value);
    }

    /**
     * The plain arguments, in order.
     *
     * @return the arguments that are not options
     */
    public List<String> arguments() {
        return List.copyOf(arguments);
    }

    /**
     * Reads a number given on the command line.
     *
     * @param arg the argument as typed, for the error message
     * @param value the number's text
     * @return the number
     * @throws IllegalArgumentException with the usage, if it is not a number
     */
    public long number(String arg, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("'" + arg + "' is not a number; " + usage, notANumber);
        }
    }
}
