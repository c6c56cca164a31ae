package dev.streambus.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version the CLI was built as ({@code streambus --version}): the Maven project version, written into
 * {@code version.properties} by resource filtering, so it can never disagree with the artifact.
 */
public final class BuildVersion implements IVersionProvider {

    static final String RESOURCE = "version.properties";

    /** The built version, e.g. {@code 0.1.0}; fails when the resource is missing or was not filtered. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the CLI's class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String version = properties.getProperty("version", "");
        if (version.isBlank() || version.contains("${")) {
            throw new IllegalStateException(RESOURCE + " was not filled in by the build: version='" + version + "'");
        }
        return version;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"streambus " + version()};
    }
}
