package org.opencarerecord.benchmark;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of the jar's commands, checked against what a command knows. */
final class CommandOptions {

    private CommandOptions() {
    }

    /**
     * @param flags     options that take no value ({@code --keep-data})
     * @param numbers   options whose value must be a whole number
     * @param others    the remaining options the command knows
     */
    static Map<String, String> parse(String[] args, Set<String> flags, Set<String> numbers, Set<String> others) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (!flags.contains(name) && !numbers.contains(name) && !others.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (flags.contains(name)) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (numbers.contains(name) && !options.get(name).matches("\\d+")) {
                throw new IllegalArgumentException("--" + name + " must be a whole number");
            }
        }
        return options;
    }

    /** What a command does with its options. */
    interface Body {
        int run(Map<String, String> options) throws Exception;
    }

    /**
     * Runs a command: its options read, then its body; 2 and the usage when the options cannot be read
     * or the body refuses them (IllegalArgumentException), 1 and the error when it fails otherwise.
     */
    static int run(String command, String usage, String[] args, Set<String> flags, Set<String> numbers,
            Set<String> others, Body body) {
        try {
            return body.run(parse(args, flags, numbers, others));
        } catch (IllegalArgumentException e) {
            // the options cannot be read, or say something the command cannot do
            System.err.println(command + ": " + e.getMessage());
            System.err.println("usage: " + command + " " + usage);
            return 2;
        } catch (Exception e) {
            System.err.println(command + " failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** The options of a benchmark that starts the service. */
    static final Set<String> SERVICE_OPTIONS = Set.of("jvm-options", "service-options");
    static final String SERVICE_USAGE = "[--jvm-options \"...\"] [--service-options \"--name=value ...\"] [--keep-data]";
}
