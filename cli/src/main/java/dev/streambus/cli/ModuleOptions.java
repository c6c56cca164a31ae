package dev.streambus.cli;

import picocli.CommandLine.Option;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --module} and {@code --module-path}, for the commands that run the user's listeners or projections: the
 * Guice module class, and the jars or directories its classes (and their dependencies) are loaded from, so that
 * {@code java -jar streambus.jar} can use a module built outside the CLI.
 */
public final class ModuleOptions {

    @Option(names = "--module", paramLabel = "<class>",
            description = "Guice module class that binds your listeners and projections (default: $"
                    + StreamBusCli.MODULE_ENV + ")")
    String module;

    @Option(names = "--module-path", paramLabel = "<path>",
            description = "Where the module's classes are: jars and/or directories (a directory also contributes "
                    + "every *.jar in it), separated by the platform's path separator; repeatable (default: $"
                    + StreamBusCli.MODULE_PATH_ENV + ")")
    List<String> modulePath;

    /** {@code --module}, else {@code $STREAMBUS_MODULE}, else null. */
    public String className(StreamBusCli root) {
        return module != null ? module : StreamBusCli.blankToNull(root.env(StreamBusCli.MODULE_ENV));
    }

    /** {@code --module-path} entries, else those of {@code $STREAMBUS_MODULE_PATH}; empty when neither is set. */
    public ModulePath path(StreamBusCli root) {
        List<String> entries = new ArrayList<>();
        List<String> given = modulePath != null ? modulePath
                : root.env(StreamBusCli.MODULE_PATH_ENV) == null ? List.of()
                : List.of(root.env(StreamBusCli.MODULE_PATH_ENV));
        for (String value : given) {
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        return new ModulePath(entries);
    }
}
