package dev.streambus.samples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's code blocks are the compiled sample code, not prose that can drift: every region between
 * {@code // README:<name>} (or {@code # README:<name>} in properties) and {@code README:end} in the sources of this
 * module and of samples-spring.
 */
class ReadmeExampleTest {

    private static final Pattern REGION = Pattern.compile("(?://|#) README:(\\w+)\\n(.*?)\\n\\s*(?://|#) README:end",
            Pattern.DOTALL);

    @Test
    void everyMarkedRegionOfTheSamplesAppearsVerbatimInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<Path> sources = new ArrayList<>();
        for (Path root : List.of(Path.of("src", "main"), Path.of("..", "samples-spring", "src", "main"))) {
            try (var walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".properties"))
                        .forEach(sources::add);
            }
        }
        int regions = 0;
        for (Path source : sources) {
            Matcher m = REGION.matcher(Files.readString(source));
            while (m.find()) {
                String code = unindent(m.group(2));
                assertFalse(code.isBlank(), "empty region " + m.group(1) + " in " + source);
                assertTrue(readme.contains(code), "README.md does not contain region '" + m.group(1) + "' of "
                        + source + " verbatim:\n" + code);
                regions++;
            }
        }
        assertTrue(regions > 0, "no README regions found under src/main");
    }

    private static String unindent(String block) {
        int indent = block.lines().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        block.lines().forEach(l -> out.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return out.toString().stripTrailing();
    }
}
