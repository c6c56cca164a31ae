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
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Rebuilds a projection of the user's Guice module ({@code --module}, a {@code Set<Projection>} multibinding) into
 * the read-model database named by {@code --jdbc-url} (H2 or PostgreSQL): builds a new build of the read model blue/green
 * and swaps it in ({@link ProjectionRunner#rebuildAll()}; the serving build keeps serving meanwhile), or with {@code --entity} rebuilds one
 * entity's rows ({@link ProjectionRunner#rebuildEntity(String)}). Progress goes to stderr, the summary to stdout.
 * Exit codes: 0 done; 1 an entry could not be applied or the database is unusable (one line); 2 bad arguments or an
 * unknown projection (the known names are listed). The password is never printed.
 */
@Command(name = "projection:rebuild", description = "Rebuilds a projection's read model from its streams "
        + "(projections from --module: Multibinder.newSetBinder(binder(), Projection.class)).")
public final class ProjectionRebuildCommand extends RedisCommand {

    public static final String JDBC_URL_ENV = ReadModelDatabase.JDBC_URL_ENV;
    public static final String JDBC_USER_ENV = ReadModelDatabase.JDBC_USER_ENV;
    public static final String JDBC_PASSWORD_ENV = ReadModelDatabase.JDBC_PASSWORD_ENV;

    @Parameters(index = "0", paramLabel = "<name>", description = "The projection's name.")
    String name;

    @Option(names = "--entity", paramLabel = "<id>",
            description = "Rebuild only this entity's rows (needs the projection's resetEntity).")
    String entity;

    @Mixin
    ReadModelDatabase database;

    @Mixin
    ModuleOptions modules;

    @Override
    protected void validate() {
        String problem = database.problem(root, "projection:rebuild");
        if (problem != null) {
            throw usage(problem);
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
            runner = ProjectionRunner.create(projection, redisson, database.dataSource(root), config);
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

    private CliFailure failure(String message) {
        return database.failure(root, message);
    }

    private static String message(Throwable e) {
        return ReadModelDatabase.message(e);
    }
}
