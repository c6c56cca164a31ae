package dev.streambus.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars and directories named by {@code --module-path}: a jar file is used as is; a directory is used as a class
 * directory and also contributes every {@code *.jar} directly inside it (a plugins directory). Their classes are
 * loaded by a child of the CLI's class loader, so they see the CLI's own libraries (streambus, Guice, Redisson).
 *
 * @param entries the paths as given, in order
 */
public record ModulePath(List<String> entries) {

    public ModulePath {
        entries = List.copyOf(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The class loader for the user's module: the context class loader when the path is empty, else a new loader
     * over the path's jars and directories. It stays open for the rest of the process (listeners run until the
     * command ends).
     *
     * @throws CliFailure (exit 2) when an entry does not exist or a directory cannot be listed
     */
    public ClassLoader classLoader() {
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        if (entries.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : entries) {
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                throw new CliFailure("error: --module-path entry '" + entry + "' does not exist", 2);
            }
            urls.add(url(path));
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted()
                            .forEach(jar -> urls.add(url(jar)));
                } catch (IOException e) {
                    throw new CliFailure("error: --module-path entry '" + entry + "' cannot be read: " + e, 2);
                }
            }
        }
        return new URLClassLoader("streambus-module-path", urls.toArray(URL[]::new), parent);
    }

    private static URL url(Path path) {
        try {
            return path.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new CliFailure("error: --module-path entry '" + path + "' is not a usable path: " + e.getMessage(),
                    2);
        }
    }

    @Override
    public String toString() {
        return String.join(java.io.File.pathSeparator, entries);
    }
}
