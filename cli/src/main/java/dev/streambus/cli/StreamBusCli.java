package dev.streambus.cli;

import dev.streambus.cli.archive.ArchiveCommand;
import dev.streambus.cli.archive.ArchiveRestoreCommand;
import dev.streambus.cli.archive.PurgeCommand;
import dev.streambus.cli.console.ConsoleCommand;
import dev.streambus.cli.failed.FailedFlushCommand;
import dev.streambus.cli.failed.FailedListCommand;
import dev.streambus.cli.failed.FailedRetryCommand;
import dev.streambus.cli.listen.ListCommand;
import dev.streambus.cli.listen.ListenCommand;
import dev.streambus.cli.ops.ClusterLayoutCommand;
import dev.streambus.cli.ops.DlqListCommand;
import dev.streambus.cli.ops.DlqReplayCommand;
import dev.streambus.cli.ops.ProjectionRebuildCommand;
import dev.streambus.cli.ops.ProjectionStatusCommand;
import dev.streambus.cli.ops.StatusCommand;
import dev.streambus.cli.ops.TailCommand;
import dev.streambus.cli.publish.PublishCommand;
import dev.streambus.redis.connect.RedisAuthenticationException;
import dev.streambus.redis.connect.RedisConnectException;
import dev.streambus.redis.connect.RedisFailures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code streambus}: Laravel Streamer's artisan commands ({@code streamer:listen}, {@code :list},
 * {@code :failed:*}, {@code :archive}, {@code :purge}, {@code :archive:restore}) on the same Redis data, plus
 * operations views. Exit codes: 0 success, 1 failure (one line on stderr, no stack trace), 2 bad arguments (message and
 * usage on stderr). Credentials in the Redis URL are never printed.
 */
@Command(name = "streambus", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Laravel Streamer compatible event bus tooling on Redis Streams.",
        subcommands = {ListenCommand.class, ListCommand.class, FailedListCommand.class, FailedRetryCommand.class,
                FailedFlushCommand.class, ArchiveCommand.class, PurgeCommand.class, ArchiveRestoreCommand.class,
                PublishCommand.class, StatusCommand.class, DlqListCommand.class, DlqReplayCommand.class,
                TailCommand.class, ProjectionRebuildCommand.class, ProjectionStatusCommand.class, ConsoleCommand.class,
                ClusterLayoutCommand.class,
                CommandLine.HelpCommand.class})
public final class StreamBusCli implements Runnable {

    /** Environment variables read. */
    public static final String REDIS_URL_ENV = "REDIS_URL";
    public static final String MODULE_ENV = "STREAMBUS_MODULE";
    public static final String MODULE_PATH_ENV = "STREAMBUS_MODULE_PATH";
    public static final String ARCHIVE_URL_ENV = "STREAMBUS_ARCHIVE_JDBC_URL";
    public static final String ARCHIVE_USER_ENV = "STREAMBUS_ARCHIVE_JDBC_USER";
    public static final String ARCHIVE_PASSWORD_ENV = "STREAMBUS_ARCHIVE_JDBC_PASSWORD";
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

    @Spec
    CommandSpec spec;

    @Option(names = "--redis-url", scope = ScopeType.INHERIT, paramLabel = "<url>",
            description = "Redis to use (redis://, rediss://, or redis+cluster://h1:p1,h2:p2 and rediss+cluster:// for "
                    + "Redis Cluster). Default: $REDIS_URL, else " + DEFAULT_REDIS_URL)
    String redisUrl;

    private final Function<String, String> env;
    private final Clock clock;
    private final RedisConnector connector;

    /** The production command: real environment, system clock, a new Redis client per command. */
    public StreamBusCli() {
        this(System::getenv, Clock.systemUTC(), RedisConnector.DEFAULT);
    }

    /** @param env environment lookup; {@code clock} dates failures and ages; {@code connector} opens Redis */
    public StreamBusCli(Function<String, String> env, Clock clock, RedisConnector connector) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /**
     * A configured command line: exit codes and error output as described on the class; every subcommand answers
     * {@code -h/--help} and {@code -V/--version}.
     */
    public static CommandLine commandLine(StreamBusCli cli) {
        CommandLine commandLine = new CommandLine(cli);
        CommandLine.IVersionProvider version = commandLine.getCommandSpec().versionProvider();
        commandLine.getSubcommands().values().forEach(sub -> {
            CommandSpec spec = sub.getCommandSpec();
            if (sub.getCommand() instanceof CommandLine.HelpCommand) {
                spec.options().stream().filter(o -> o.inherited()).toList().forEach(spec::remove); // no Redis
            } else if (!spec.mixinStandardHelpOptions()) {
                spec.versionProvider(version);
                spec.mixinStandardHelpOptions(true);
            }
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            int code = 1;
            if (e instanceof CliFailure failure) {
                err.println(failure.getMessage());
                code = failure.exitCode();
            } else if (e instanceof RedisAuthenticationException || e instanceof RedisConnectException) {
                err.println("error: " + e.getMessage());
            } else {
                err.println("error: " + describe(e));
            }
            err.flush();
            return code;
        });
        return commandLine;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new StreamBusCli()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** {@code --redis-url}, else {@code $REDIS_URL}, else {@value #DEFAULT_REDIS_URL}. */
    public String redisUrl() {
        if (redisUrl != null) {
            return redisUrl;
        }
        String fromEnv = env.apply(REDIS_URL_ENV);
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_REDIS_URL : fromEnv;
    }

    public String env(String name) {
        return env.apply(name);
    }

    public Clock clock() {
        return clock;
    }

    public RedisConnector connector() {
        return connector;
    }

    /** Null for null or blank. */
    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * One line for a person: the exception's own message when it is ours (already says what failed, where), plus
     * what Redis answered when the cause says more; never Redisson's channel dump, command text or Lua source.
     */
    static String describe(Throwable e) {
        Throwable top = RedisFailures.unwrap(e);
        String redis = RedisFailures.describe(top);
        if (top.getMessage() == null || top.getClass().getName().startsWith("org.redisson.")) {
            return redis;
        }
        String text = top.getMessage().lines().findFirst().orElse("");
        return text.contains(redis) ? text : text + " (" + redis + ")";
    }
}
