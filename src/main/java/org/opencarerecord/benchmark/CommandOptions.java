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
}
