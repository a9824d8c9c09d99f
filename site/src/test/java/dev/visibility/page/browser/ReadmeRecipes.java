package dev.visibility.page.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recipes of the README: each is the fenced block right after a line {@code <!-- recipe: NAME -->}. Tests run
 * them as they stand there, so that the README cannot drift from what works.
 */
final class ReadmeRecipes {
    /** The repository's README, from the site module's folder. */
    static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();
    private static final Pattern RECIPE = Pattern.compile(
            "^<!-- recipe: ([a-z0-9-]+) -->\\R(`{3,})[^\\n]*\\R(.*?)^\\2[ \\t]*$", Pattern.MULTILINE | Pattern.DOTALL);
    private static Map<String, String> recipes;

    private ReadmeRecipes() {
    }

    /** The text of the recipe {@code name}, each line ending with a line break. */
    static synchronized String get(String name) {
        if (recipes == null) {
            recipes = read();
        }
        String recipe = recipes.get(name);
        if (recipe == null) {
            throw new AssertionError(README + " has no fenced block after <!-- recipe: " + name + " -->");
        }
        return recipe;
    }

    private static Map<String, String> read() {
        String text;
        try {
            text = Files.readString(README).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> found = new HashMap<>();
        Matcher matcher = RECIPE.matcher(text);
        while (matcher.find()) {
            if (found.put(matcher.group(1), matcher.group(3)) != null) {
                throw new AssertionError(README + " has two recipes named " + matcher.group(1));
            }
        }
        return found;
    }
}
