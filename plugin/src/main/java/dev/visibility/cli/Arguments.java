package dev.visibility.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --name value} options, rejecting unknown and repeated ones.
 *
 * <p>Kept by hand, not picocli: JBake does not give the plugin picocli, and {@code export} takes the block options
 * ({@link CommandLineBlock#OPTIONS}) as flags, which picocli's annotated fields would list a second time.
 */
final class Arguments {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final boolean help;

    private Arguments(boolean help) {
        this.help = help;
    }

    static Arguments parse(List<String> args, Set<String> known) throws UsageException {
        Arguments parsed = new Arguments(args.contains("--help") || args.contains("-h"));
        List<String> rest = new ArrayList<>(args);
        rest.removeIf(arg -> arg.equals("--help") || arg.equals("-h"));
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            String value = null;
            if (name != null && name.contains("=")) {
                value = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
            }
            if (name == null || !known.contains(name)) {
                throw new UsageException("unknown option '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 >= rest.size()) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = rest.get(++i);
            }
            if (parsed.values.put(name, value) != null) {
                throw new UsageException("option --" + name + " is given twice");
            }
        }
        return parsed;
    }

    boolean help() {
        return help;
    }

    String required(String name) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException("option --" + name + " is required");
        }
        return value;
    }

    String optional(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    int positiveInt(String name, int fallback) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("option --" + name + " must be a positive integer, got '" + value + "'");
    }
}
