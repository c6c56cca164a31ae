package dev.streambus.cli.ops;

import dev.streambus.cli.CliFailure;
import dev.streambus.cli.ListenerModules;
import dev.streambus.cli.ModuleOptions;
import dev.streambus.cli.RedisCommand;
import dev.streambus.cli.StreamBusCli;
import dev.streambus.projection.Projection;
import dev.streambus.projection.ProjectionException;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.RunnerConfig;
import dev.streambus.projection.progress.Progress;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Rebuilds a projection of the user's Guice module ({@code --module}, a {@code Set<Projection>} multibinding) into
 * the read-model database named by {@code --jdbc-url} (H2 or PostgreSQL): clears the read model and its checkpoints
 * and replays the projection's streams ({@link ProjectionRunner#rebuildAll()}), or with {@code --entity} rebuilds one
 * entity's rows ({@link ProjectionRunner#rebuildEntity(String)}). Progress goes to stderr, the summary to stdout.
 * Exit codes: 0 done; 1 an entry could not be applied or the database is unusable (one line); 2 bad arguments or an
 * unknown projection (the known names are listed). The password is never printed.
 */
@Command(name = "projection:rebuild", description = "Rebuilds a projection's read model from its streams "
        + "(projections from --module: Multibinder.newSetBinder(binder(), Projection.class)).")
public final class ProjectionRebuildCommand extends RedisCommand {

    public static final String JDBC_URL_ENV = "STREAMBUS_JDBC_URL";
    public static final String JDBC_USER_ENV = "STREAMBUS_JDBC_USER";
    public static final String JDBC_PASSWORD_ENV = "STREAMBUS_JDBC_PASSWORD";

    @Parameters(index = "0", paramLabel = "<name>", description = "The projection's name.")
    String name;

    @Option(names = "--entity", paramLabel = "<id>",
            description = "Rebuild only this entity's rows (needs the projection's resetEntity).")
    String entity;

    @Option(names = "--jdbc-url", paramLabel = "<url>",
            description = "Read-model database, jdbc:h2:... or jdbc:postgresql:... (default: $" + JDBC_URL_ENV + ")")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "<user>", description = "Database user (default: $" + JDBC_USER_ENV
            + ")")
    String jdbcUser;

    @Option(names = "--jdbc-password", paramLabel = "<password>",
            description = "Database password (default: $" + JDBC_PASSWORD_ENV + "); never printed")
    String jdbcPassword;

    @Mixin
    ModuleOptions modules;

    @Override
    protected void validate() {
        String url = url();
        if (url == null) {
            throw usage("projection:rebuild needs the read-model database: --jdbc-url=<url> (or set " + JDBC_URL_ENV
                    + ")");
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw usage("--jdbc-url: only H2 (jdbc:h2:...) and PostgreSQL (jdbc:postgresql:...) are supported");
        }
        if (modules.className(root) == null) {
            throw usage("no projections: name your Guice module with --module=<class> (or set "
                    + StreamBusCli.MODULE_ENV + ")");
        }
    }

    @Override
    protected int run(RedissonClient redisson) {
        Projection projection = find(ListenerModules.projections(modules.className(root), modules.path(root), redisson));
        if (entity != null && projection.resetEntity() == null) {
            throw new CliFailure("error: projection '" + name + "' cannot rebuild one entity: it has no "
                    + "resetEntity(...)", 2);
        }
        boolean terminal = System.console() != null;
        ProgressPrinter printer = new ProgressPrinter(err(), terminal);
        RunnerConfig config = RunnerConfig.builder().progressListener(printer)
                .progressInterval(ProgressPrinter.interval(terminal)).build();
        ProjectionRunner runner;
        try {
            runner = ProjectionRunner.create(projection, redisson, dataSource(), config);
        } catch (RuntimeException e) {
            throw failure("error: projection '" + name + "': database unusable: " + message(e));
        }
        try (runner) {
            if (entity != null) {
                int applied = runner.rebuildEntity(entity);
                print(List.of("rebuilt " + name + " entity " + entity + ": " + applied + " events"));
            } else {
                Progress done = runner.rebuildAll();
                print(List.of(ProgressBar.summary(done)));
            }
            return 0;
        } catch (ProjectionException e) {
            printer.endLine();
            throw failure("error: " + e.getMessage());
        } catch (RuntimeException e) {
            printer.endLine();
            throw failure("error: projection '" + name + "' rebuild failed: " + message(e));
        }
    }

    private Projection find(List<Projection> projections) {
        Optional<Projection> found = projections.stream().filter(p -> p.name().equals(name)).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String known = projections.stream().map(Projection::name).sorted().collect(Collectors.joining(", "));
        throw new CliFailure("error: unknown projection '" + name + "'; known: "
                + (known.isEmpty() ? "(none bound by " + modules.className(root) + ")" : known), 2);
    }

    private DataSource dataSource() {
        String url = url();
        String user = jdbcUser != null ? jdbcUser : blankToNull(root.env(JDBC_USER_ENV));
        String password = password();
        try {
            if (url.startsWith("jdbc:h2:")) {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL(url);
                if (user != null) {
                    h2.setUser(user);
                }
                if (password != null) {
                    h2.setPassword(password);
                }
                return h2;
            }
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            if (user != null) {
                pg.setUser(user);
            }
            if (password != null) {
                pg.setPassword(password);
            }
            return pg;
        } catch (RuntimeException e) {
            throw failure("error: --jdbc-url not usable: " + message(e));
        }
    }

    private String url() {
        return jdbcUrl != null ? jdbcUrl : blankToNull(root.env(JDBC_URL_ENV));
    }

    private String password() {
        return jdbcPassword != null ? jdbcPassword : blankToNull(root.env(JDBC_PASSWORD_ENV));
    }

    /** A one-line failure (exit 1) with the password, if any, masked. */
    private CliFailure failure(String message) {
        String line = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        String password = password();
        if (password != null && !password.isEmpty()) {
            line = line.replace(password, "***");
        }
        return new CliFailure(line, 1);
    }

    /** The exception's message and its root cause's, when they differ. */
    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
