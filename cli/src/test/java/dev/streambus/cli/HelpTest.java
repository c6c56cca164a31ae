package dev.streambus.cli;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every subcommand answers --help, -h and {@code help <command>} with its own usage (no Redis needed). */
class HelpTest {

    /** The options shared by several commands; each command lists only those that apply to it. */
    static final List<String> SHARED = List.of("--module=", "--module-path=", "--failed-key=",
            "--dead-letter-suffix=", "--archive-jdbc-url=");

    static final Map<String, Set<String>> APPLIES = new LinkedHashMap<>();

    static {
        APPLIES.put("listen", Set.of("--module=", "--module-path=", "--failed-key=", "--dead-letter-suffix=",
                "--archive-jdbc-url="));
        APPLIES.put("list", Set.of("--module=", "--module-path="));
        APPLIES.put("failed:list", Set.of("--failed-key="));
        APPLIES.put("failed:retry", Set.of("--module=", "--module-path=", "--failed-key="));
        APPLIES.put("failed:flush", Set.of("--failed-key="));
        APPLIES.put("archive", Set.of("--archive-jdbc-url="));
        APPLIES.put("purge", Set.of());
        APPLIES.put("archive:restore", Set.of("--archive-jdbc-url="));
        APPLIES.put("publish", Set.of());
        APPLIES.put("status", Set.of("--dead-letter-suffix="));
        APPLIES.put("dlq:list", Set.of("--dead-letter-suffix="));
        APPLIES.put("dlq:replay", Set.of("--dead-letter-suffix="));
        APPLIES.put("tail", Set.of());
        APPLIES.put("projection:rebuild", Set.of("--module=", "--module-path="));
        APPLIES.put("console", Set.of("--module=", "--module-path=", "--failed-key=", "--dead-letter-suffix="));
        APPLIES.put("projection:status", Set.of());
        APPLIES.put("cluster:layout", Set.of());
    }

    private final Cli cli = new Cli(null, Map.of(), Clock.systemUTC());

    @Test
    void everySubcommandAnswersHelpWithOnlyItsOptions() {
        assertEquals(APPLIES.keySet(), StreamBusCli.commandLine(new StreamBusCli()).getSubcommands().keySet().stream()
                .filter(name -> !name.equals("help")).collect(java.util.stream.Collectors.toSet()),
                "the table covers every subcommand");
        for (var command : APPLIES.entrySet()) {
            String name = command.getKey();
            Cli.Result help = cli.run(name, "--help");
            assertEquals(0, help.exit(), () -> name + " --help: " + help);
            assertTrue(help.out().startsWith("Usage: streambus " + name + " "), () -> name + " --help: " + help);
            assertTrue(help.out().contains("-h, --help"), () -> name + " --help: " + help);
            assertTrue(help.out().contains("--redis-url=<url>"), () -> name + " --help: " + help);
            for (String option : SHARED) {
                assertEquals(command.getValue().contains(option), help.out().contains(option),
                        () -> name + " --help lists " + option + " only when it applies:\n" + help);
            }
            assertEquals("", help.err(), () -> name + " --help: " + help);

            Cli.Result shortHelp = cli.run(name, "-h");
            assertEquals(0, shortHelp.exit(), () -> name + " -h: " + shortHelp);
            assertEquals(help.out(), shortHelp.out(), name + " -h");

            Cli.Result helpCommand = cli.run("help", name);
            assertEquals(0, helpCommand.exit(), () -> "help " + name + ": " + helpCommand);
            assertEquals(help.out(), helpCommand.out(), "help " + name);
        }
    }

    @Test
    void theRootListsTheCommandsAndHelp() {
        Cli.Result help = cli.run("--help");
        assertEquals(0, help.exit(), help::toString);
        assertTrue(help.out().contains("  help "), help::toString);
        assertTrue(help.out().contains("  projection:rebuild "), help::toString);
        for (String option : SHARED) {
            assertFalse(help.out().contains(option), () -> "the root's usage lists no command option " + option
                    + ":\n" + help);
        }
        Cli.Result helpOfHelp = cli.run("help", "--help");
        assertEquals(0, helpOfHelp.exit(), helpOfHelp::toString);
        assertTrue(helpOfHelp.out().contains("Usage: streambus help [-h] [COMMAND]\n"), helpOfHelp::toString);
        Cli.Result helpAlone = cli.run("help");
        assertEquals(0, helpAlone.exit(), helpAlone::toString);
        assertEquals(help.out(), helpAlone.out());
    }
}
