package dev.streambus.projection.status;

import dev.streambus.projection.progress.Progress;
import dev.streambus.projection.store.Build;
import dev.streambus.projection.store.BuildRegistry;
import dev.streambus.redis.EntryId;
import dev.streambus.projection.store.SqlNames;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads projection status from the database (build registry, each build's checkpoints) and Redis (lag: one bounded
 * XRANGE per stream, pipelined). A runner adds what only it knows ({@link InProcess}: whether its live loop runs,
 * the live replay meter); without it (the CLI) a serving build counts as LIVE when it applied something within
 * {@link #LIVE_WINDOW} and has entries left, and a BUILDING build whose heartbeat is older than {@link #STALE_BUILD}
 * as interrupted (STOPPED).
 */
public final class StatusReader {

    /** Most entries counted per stream for the lag. */
    public static final int LAG_COUNT_CAP = 1000;
    public static final Duration LIVE_WINDOW = Duration.ofSeconds(30);
    public static final Duration STALE_BUILD = Duration.ofMinutes(2);

    /**
     * What a running runner adds.
     *
     * @param liveRunning     its live loop runs
     * @param liveFailure     why its live loop stopped by itself, or null
     * @param building        number of the build it is replaying now, or 0
     * @param buildProgress   that replay's latest progress, or null
     * @param buildFailure    the last rebuild failure it saw, or null
     */
    public record InProcess(boolean liveRunning, FailureStatus liveFailure, int building, Progress buildProgress,
                            FailureStatus buildFailure) {
    }

    private final DataSource dataSource;
    private final RedissonClient redisson;
    private final Clock clock;

    public StatusReader(DataSource dataSource, RedissonClient redisson, Clock clock) {
        this.dataSource = dataSource;
        this.redisson = redisson;
        this.clock = clock;
    }

    /** The names of all projections with builds in this database. */
    public List<String> projections() {
        try (Connection c = dataSource.getConnection()) {
            Set<String> names = new TreeSet<>();
            BuildRegistry.all(c).forEach(b -> names.add(b.projection()));
            return List.copyOf(names);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the build registry: " + e.getMessage(), e);
        }
    }

    /**
     * @param streams         streams the projection reads (known to its code), or empty: those with checkpoints
     * @param declaredVersion the code's version, 0 when unknown
     * @param inProcess       what the running runner knows, or null
     */
    public ProjectionStatus read(String projection, List<String> streams, int declaredVersion, InProcess inProcess) {
        Instant now = clock.instant();
        List<BuildStatus> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<Build> builds = new ArrayList<>(BuildRegistry.builds(c, projection));
            builds.sort(Comparator.comparingInt(Build::number).reversed());
            int serving = builds.stream().filter(b -> b.state() == Build.State.SERVING).mapToInt(Build::number)
                    .findFirst().orElse(0);
            for (Build b : builds) {
                boolean abandoned = b.state() == Build.State.FAILED || b.state() == Build.State.CANCELLED;
                if (b.state() == Build.State.DROPPED || abandoned && b.number() < serving) {
                    continue; // gone, or a failure a later swap made history
                }
                boolean hasSchema = b.state() != Build.State.DROPPED && !abandoned;
                Map<String, Checkpoint> checkpoints = hasSchema ? checkpoints(c, b) : Map.of();
                List<StreamStatus> lag = hasSchema ? lag(streams, checkpoints, now) : List.of();
                Instant last = checkpoints.values().stream().map(Checkpoint::updatedAt).max(Comparator.naturalOrder())
                        .orElse(null);
                out.add(status(projection, b, lag, last, now, inProcess));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("projection '" + projection + "': reading its status: "
                    + e.getMessage(), e);
        }
        return new ProjectionStatus(projection, declaredVersion, List.copyOf(out), now);
    }

    private BuildStatus status(String projection, Build b, List<StreamStatus> lag, Instant last, Instant now,
                               InProcess in) {
        long behind = lag.stream().mapToLong(StreamStatus::lagEntries).sum();
        BuildStatus.State state;
        ReplayStatus replay = null;
        FailureStatus failure = null;
        switch (b.state()) {
            case SERVING -> {
                if (in != null && in.liveFailure() != null) {
                    state = BuildStatus.State.FAILED;
                    failure = in.liveFailure();
                } else if (in != null ? in.liveRunning()
                        : behind > 0 && last != null && Duration.between(last, now).compareTo(LIVE_WINDOW) <= 0) {
                    state = BuildStatus.State.LIVE;
                } else {
                    state = behind == 0 ? BuildStatus.State.CAUGHT_UP : BuildStatus.State.STOPPED;
                }
            }
            case BUILDING -> {
                Progress p = in != null && in.building() == b.number() ? in.buildProgress() : null;
                replay = p != null ? ReplayStatus.of(p.done(), p.total(), p.eventsPerSecond())
                        : ReplayStatus.of(b.done(), b.total(), b.rate());
                boolean active = in != null ? in.building() == b.number()
                        : Duration.between(b.updatedAt(), now).compareTo(STALE_BUILD) <= 0;
                state = active ? BuildStatus.State.REPLAYING : BuildStatus.State.STOPPED;
            }
            case FAILED, CANCELLED -> {
                state = BuildStatus.State.FAILED;
                Build.Error e = b.error();
                failure = e == null ? null : new FailureStatus(projection, e.stream(), e.entryId(), e.cause());
            }
            default -> state = BuildStatus.State.STOPPED;
        }
        return new BuildStatus(b.number(), b.version(), b.schema(), b.state(), state, replay, failure, lag, last);
    }

    private record Checkpoint(EntryId position, Instant updatedAt) {
    }

    private static Map<String, Checkpoint> checkpoints(Connection c, Build b) throws SQLException {
        Map<String, Checkpoint> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT stream, last_ms, last_seq, updated_at FROM "
                + SqlNames.quote(b.schema()) + ".streambus_checkpoint WHERE projection = ? ORDER BY stream")) {
            ps.setString(1, b.projection());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Checkpoint(new EntryId(rs.getLong(2), rs.getLong(3)),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        } catch (SQLException e) {
            return Map.of(); // schema not created yet (a build starting) or already gone
        }
        return out;
    }

    private List<StreamStatus> lag(List<String> known, Map<String, Checkpoint> checkpoints, Instant now) {
        Set<String> streams = new LinkedHashSet<>(known);
        streams.addAll(checkpoints.keySet());
        if (streams.isEmpty()) {
            return List.of();
        }
        RBatch batch = redisson.createBatch();
        Map<String, RFuture<Map<StreamMessageId, Map<String, String>>>> pages = new LinkedHashMap<>();
        for (String s : streams) {
            EntryId cp = checkpoints.containsKey(s) ? checkpoints.get(s).position() : EntryId.MIN;
            pages.put(s, batch.<String, String>getStream(s, StringCodec.INSTANCE)
                    .rangeAsync(LAG_COUNT_CAP, cp.next(), StreamMessageId.MAX));
        }
        batch.execute();
        List<StreamStatus> out = new ArrayList<>();
        for (Map.Entry<String, RFuture<Map<StreamMessageId, Map<String, String>>>> e : pages.entrySet()) {
            Map<StreamMessageId, Map<String, String>> page = e.getValue().toCompletableFuture().join();
            EntryId cp = checkpoints.containsKey(e.getKey()) ? checkpoints.get(e.getKey()).position() : EntryId.MIN;
            Duration age = page.isEmpty() ? Duration.ZERO : Duration.ofMillis(Math.max(0,
                    now.toEpochMilli() - page.keySet().stream().mapToLong(StreamMessageId::getId0).min().orElse(0)));
            out.add(new StreamStatus(e.getKey(), cp, page.size(), page.size() >= LAG_COUNT_CAP, age));
        }
        return out;
    }
}
