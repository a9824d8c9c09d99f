package dev.visibility.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The names of enum constants as users write them in blocks, settings and flags: lower case, read ignoring case
 * and surrounding spaces ({@code Residual}, {@code Direction}, {@code View}).
 */
public final class OptionNames {
    private OptionNames() {
    }

    /** The name of {@code value}: its constant's name in lower case. */
    public static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} called {@code name}.
     *
     * @param what what the constants are, for the message: "view", "residual convention"
     * @throws IllegalArgumentException naming every accepted name, e.g. "use sees, influences or both"
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        List<String> names = Arrays.stream(type.getEnumConstants()).map(OptionNames::id).toList();
        int index = names.indexOf(wanted);
        if (index < 0) {
            throw new IllegalArgumentException("unknown " + what + " '" + name + "': use "
                    + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
        }
        return type.getEnumConstants()[index];
    }
}
