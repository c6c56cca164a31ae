package dev.streambus.cli.ops;

import dev.streambus.cli.AsciiTable;
import dev.streambus.cli.CliFailure;
import dev.streambus.cli.RedisCommand;
import dev.streambus.projection.progress.Progress;
import dev.streambus.projection.status.BuildStatus;
import dev.streambus.projection.status.ProjectionStatus;
import dev.streambus.projection.status.ReplayStatus;
import dev.streambus.projection.status.StatusReader;
import dev.streambus.projection.status.StreamStatus;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where each projection of a read-model database stands ({@link StatusReader}): per build its role, state (live,
 * caught up, replaying with done/total/rate/ETA, failed with stream, entry id and cause, stopped), lag and last
 * applied time, then per stream the checkpoint and lag of the serving and building builds. Reads the build
 * registry, so it needs no module. Exit codes: 0; 1 database unusable; 2 bad arguments or an unknown projection.
 */
@Command(name = "projection:status", description = "Shows each projection's builds: state, replay progress, "
        + "failures, checkpoint and lag per stream.")
public final class ProjectionStatusCommand extends RedisCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "<name>", description = "Only this projection.")
    String name;

    @Mixin
    ReadModelDatabase database;

    @Override
    protected void validate() {
        String problem = database.problem(root, "projection:status");
        if (problem != null) {
            throw usage(problem);
        }
    }

    @Override
    protected int run(RedissonClient redisson) {
        StatusReader reader = new StatusReader(database.dataSource(root), redisson, root.clock());
        List<String> names;
        try {
            names = reader.projections();
        } catch (RuntimeException e) {
            throw database.failure(root, "error: reading projection status: " + ReadModelDatabase.message(e));
        }
        if (name != null) {
            if (!names.contains(name)) {
                throw new CliFailure("error: unknown projection '" + name + "'; known: "
                        + (names.isEmpty() ? "(none in this database)" : String.join(", ", names)), 2);
            }
            names = List.of(name);
        }
        if (names.isEmpty()) {
            print(List.of("no projections in this database"));
            return 0;
        }
        List<ProjectionStatus> all = new ArrayList<>();
        for (String n : names) {
            all.add(reader.read(n, List.of(), 0, null));
        }
        print(render(all, root.clock().instant()));
        return 0;
    }

    static List<String> render(List<ProjectionStatus> all, Instant now) {
        List<List<String>> builds = new ArrayList<>();
        List<List<String>> streams = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ProjectionStatus p : all) {
            for (BuildStatus b : p.builds()) {
                builds.add(List.of(p.projection(), String.valueOf(b.build()), String.valueOf(b.version()),
                        b.role().name().toLowerCase(Locale.ROOT), state(b), progress(b.replay()),
                        b.streams().isEmpty() ? "-" : String.format(Locale.ROOT, "%,d", b.lagEntries()),
                        b.lastAppliedAt() == null ? "-" : Progress.duration(Duration.between(b.lastAppliedAt(), now))
                                + " ago"));
                if (b.failure() != null) {
                    failures.add("build " + p.projection() + "#" + b.build() + " failed: "
                            + (b.failure().entryId() == null ? "" : "stream '" + b.failure().stream() + "' entry "
                            + b.failure().entryId() + ": ") + b.failure().cause());
                }
                for (StreamStatus s : b.streams()) {
                    streams.add(List.of(p.projection(), String.valueOf(b.build()), s.stream(),
                            s.checkpoint().toString(), String.format(Locale.ROOT, "%s%,d", s.lagCapped() ? ">=" : "",
                                    s.lagEntries()), Progress.duration(s.lagTime())));
                }
            }
        }
        List<String> out = new ArrayList<>(AsciiTable.render(List.of("PROJECTION", "BUILD", "VERSION", "ROLE",
                "STATE", "REPLAY", "LAG", "LAST APPLIED"), builds));
        if (!streams.isEmpty()) {
            out.add("");
            out.addAll(AsciiTable.render(List.of("PROJECTION", "BUILD", "STREAM", "CHECKPOINT", "LAG", "LAG AGE"),
                    streams));
        }
        out.addAll(failures);
        return out;
    }

    private static String state(BuildStatus b) {
        return b.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String progress(ReplayStatus r) {
        if (r == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,d/%,d %s/s ETA %s", r.done(), r.total(), Progress.rate(r.eventsPerSecond()),
                r.eta() == null ? "?" : Progress.duration(r.eta()));
    }
}
