package dev.streambus.samples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API stays documented: every public type of the library modules, and every public method of their builders,
 * has a Javadoc comment; every package of every module has a package-info.java. (A source scan rather than
 * javadoc's doclint: doclint's "missing" check would also demand comments on every record accessor and constant.)
 */
class ApiJavadocTest {

    private static final Path ROOT = Path.of("..");
    private static final List<String> API_MODULES = List.of("streamer-compat", "redis-connection", "eventbus-core",
            "eventbus-guice", "projections", "local-redis", "console", "streambus-spring-boot-starter");
    private static final Pattern TYPE = Pattern.compile(
            "^(\\s*)public\\s+(?:(?:static|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
                    + "(?:class|interface|record|enum|@interface)\\s+(\\w+)");

    @Test
    void everyPublicTypeAndBuilderMethodOfTheApiHasAComment() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String module : API_MODULES) {
            for (Path source : javaSources(ROOT.resolve(module).resolve("src/main/java"))) {
                List<String> lines = Files.readAllLines(source);
                int builderIndent = -1;
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    int indent = line.length() - line.stripLeading().length();
                    Matcher type = TYPE.matcher(line);
                    if (type.find()) {
                        checked++;
                        if (!documented(lines, i)) {
                            missing.add(source + ":" + (i + 1) + " type " + type.group(2));
                        }
                        if (type.group(2).equals("Builder")) {
                            builderIndent = type.group(1).length();
                        }
                    } else if (builderIndent >= 0) {
                        if (line.strip().equals("}") && indent == builderIndent) {
                            builderIndent = -1;
                        } else if (indent == builderIndent + 4 && line.strip().startsWith("public ")
                                && line.contains("(") && !line.contains("=")) {
                            checked++;
                            if (!documented(lines, i)) {
                                missing.add(source + ":" + (i + 1) + " builder method " + line.strip());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 100, "the scan found the API (" + checked + " declarations)");
        assertEquals(List.of(), missing, "public API without a Javadoc comment");
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        List<Path> modules;
        try (Stream<Path> list = Files.list(ROOT)) {
            modules = list.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList();
        }
        assertTrue(modules.size() >= API_MODULES.size(), "modules found: " + modules);
        for (Path module : modules) {
            List<Path> packages;
            try (Stream<Path> walk = Files.walk(module.resolve("src/main/java"))) {
                packages = walk.filter(Files::isDirectory).filter(ApiJavadocTest::hasJavaFiles).toList();
            }
            for (Path pkg : packages) {
                if (!Files.exists(pkg.resolve("package-info.java"))) {
                    missing.add(pkg.toString());
                }
            }
        }
        assertEquals(List.of(), missing, "packages without package-info.java");
    }

    /** The declaration at {@code index}, after its annotations, follows a Javadoc comment, or overrides. */
    /** A line inside an annotation's argument list that spans lines (e.g. {@code afterName = "..."}). */
    private static boolean continuesAnnotation(List<String> lines, int j) {
        String line = lines.get(j).strip();
        return line.endsWith(")") && !line.endsWith(";") && !line.contains("(") && j > 0
                && lines.get(j - 1).strip().startsWith("@") && lines.get(j - 1).strip().endsWith(",");
    }

    private static boolean documented(List<String> lines, int index) {
        int j = index - 1;
        while (j >= 0 && (lines.get(j).strip().startsWith("@") || continuesAnnotation(lines, j))) {
            if (lines.get(j).strip().startsWith("@Override")) {
                return true; // inherits its documentation
            }
            j--;
        }
        if (j < 0 || !lines.get(j).strip().endsWith("*/")) {
            return false;
        }
        for (; j >= 0; j--) {
            String line = lines.get(j);
            if (line.contains("/**")) {
                return true;
            }
            if (line.contains("/*")) {
                return false;
            }
        }
        return false;
    }

    private static List<Path> javaSources(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.java")).sorted().toList();
        }
    }

    private static boolean hasJavaFiles(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.anyMatch(p -> p.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
