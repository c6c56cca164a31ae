package dev.streambus.cli;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** {@code --version} prints the version the build gave the artifact (Maven's project version), not a literal. */
class VersionTest {

    private final Cli cli = new Cli(null, Map.of(), Clock.systemUTC());

    @Test
    void versionIsTheBuildsProjectVersion() {
        String built = System.getProperty("streambus.build.version");
        assertNotNull(built, "surefire passes the project version as streambus.build.version");
        assertEquals(built, BuildVersion.version());
        for (String[] args : new String[][]{{"--version"}, {"-V"}, {"status", "--version"}, {"listen", "-V"}}) {
            Cli.Result result = cli.run(args);
            assertEquals(0, result.exit(), result::toString);
            assertEquals("streambus " + built + "\n", result.out(), result::toString);
            assertEquals("", result.err(), result::toString);
        }
    }
}
