package dev.streambus.benchmarks.projection;

import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.compat.message.MessageType;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.localredis.LocalRedis;
import dev.streambus.projection.BatchedWrites;
import dev.streambus.projection.Projection;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.RunnerConfig;
import dev.streambus.projection.progress.Progress;
import dev.streambus.publish.EventEncoder;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StreamEntry;
import org.h2.jdbcx.JdbcDataSource;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Projection rebuild throughput: {@code java ... ProjectionBenchmark [events, default 1000000] [h2|postgres|both,
 * default both]}.
 *
 * <p>Writes N Laravel-format events (~300 bytes of fields each) to three unique streams, then per database measures
 * in one run (a) a baseline: XRANGE pages read strictly sequentially stream after stream, each page decoded and
 * inserted with JDBC batches (one read-model row + one guard row per event) in one transaction per page, and (b)
 * {@link ProjectionRunner#rebuildAll()} (a blue/green build into a new schema, swapped in) of a projection writing
 * the same row through {@link BatchedWrites} (JDBC batches, like the baseline's). H2: a fresh file database each; PostgreSQL ({@code STREAMBUS_PG_URL}, default the local
 * {@code test} database): a fresh schema each, with {@code reWriteBatchedInserts=true}, dropped afterwards, and a
 * CHECKPOINT before each phase. Prints
 * events/s for both, the ratio ours/baseline with PASS/MISS against the target ({@value #TARGET} x), the heap of each
 * phase (peak sampled every 20 ms, the most still used after a young GC, and the live heap after full GCs forced at
 * 1/8, 2/8, 3/8 and 5/8, 6/8, 7/8 of the events) with PASS/MISS for "heap flat in history length" (ours' most in the
 * second half at most {@value #FLAT} x the first half's, + {@value #FLAT_SLACK_MB} MB), then deletes the streams.
 */
public final class ProjectionBenchmark {

    private static final int PAGE = 1000;
    static final double TARGET = 1.2;
    /** Heap flat: live heap in the second half of the events at most this times the first half's (+ the slack). */
    static final double FLAT = 1.2;
    static final int FLAT_SLACK_MB = 8;
    private static final String PG_URL = System.getenv().getOrDefault("STREAMBUS_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String ROW_TABLE = "CREATE TABLE bench_order (stream VARCHAR(200) NOT NULL,"
            + " entry_id VARCHAR(40) NOT NULL, order_id VARCHAR(40) NOT NULL, customer VARCHAR(100) NOT NULL,"
            + " amount_cents BIGINT NOT NULL, note VARCHAR(400) NOT NULL)";
    private static final String INSERT_ROW = "INSERT INTO bench_order (stream, entry_id, order_id, customer,"
            + " amount_cents, note) VALUES (?, ?, ?, ?, ?, ?)";

    /** The event payload. */
    public record OrderPlaced(String orderId, String customer, long amountCents, String note) {
    }

    private ProjectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        String which = args.length > 1 ? args[1] : "both";
        quietLogging();
        LocalRedis redis = LocalRedis.resolve();
        RedissonClient redisson = redis.newClient();
        String prefix = "bench:projection:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        List<String> streams = List.of(prefix + "order-placed-a", prefix + "order-placed-b", prefix + "order-placed-c");
        List<String> warmStreams = List.of(prefix + "warm-a", prefix + "warm-b", prefix + "warm-c");
        Path dir = Files.createTempDirectory("projection-bench");
        List<Database> databases = new java.util.ArrayList<>();
        try {
            System.out.printf("ProjectionBenchmark: %,d events, %s; load average %.2f%n", n, redis.describe(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            int warm = Math.max(1_000, Math.min(n / 10, 20_000));
            write(redisson, warmStreams, warm);
            long t0 = System.nanoTime();
            int bytes = write(redisson, streams, n);
            System.out.printf("wrote %,d events (%d bytes of fields each) in %.1f s%n", n, bytes,
                    (System.nanoTime() - t0) / 1e9);
            boolean pass = true;
            for (String kind : which.equals("both") ? List.of("h2", "postgres") : List.of(which)) {
                Database warmBase = database(kind, dir, "warm-baseline", databases);
                Database warmOurs = database(kind, dir, "warm-ours", databases);
                baseline(redisson, warmStreams, warmBase.dataSource, warm);
                ours(redisson, warmStreams, warmOurs.dataSource, warm);
                System.out.printf("%s: warmed up both paths with %,d events%n", kind, warm);

                checkpoint(kind);
                HeapPeak heap = new HeapPeak(n);
                heap.reset();
                double baseline = baseline(redisson, streams, database(kind, dir, "baseline", databases).dataSource, n,
                        heap);
                String baselineHeap = heap.stop();
                System.out.printf("%s (a) baseline  XRANGE + JDBC batch, sequential: %,.0f events/s, heap %s%n",
                        kind, baseline, baselineHeap);

                checkpoint(kind);
                HeapPeak oursHeap = new HeapPeak(n);
                oursHeap.reset();
                double ours = ours(redisson, streams, database(kind, dir, "ours", databases).dataSource, n, oursHeap);
                String oursHeapText = oursHeap.stop();
                System.out.printf("%s (b) ProjectionRunner.rebuildAll:             %,.0f events/s, heap %s%n",
                        kind, ours, oursHeapText);
                double ratio = ours / baseline;
                pass &= ratio >= TARGET;
                System.out.printf("%s %,d events: ratio ours/baseline %.2f (target >= %.1f): %s%n", kind, n, ratio,
                        TARGET, ratio >= TARGET ? "PASS" : "MISS");
                boolean flat = oursHeap.flat();
                pass &= flat;
                System.out.printf("%s %,d events: heap flat in history length (most live heap after a full GC in"
                        + " the second half of the events <= %.1f x the first half's, + %d MB): %s%n", kind, n, FLAT, FLAT_SLACK_MB,
                        flat ? "PASS" : "MISS");
            }
            System.out.println(pass ? "PASS" : "MISS");
        } finally {
            redisson.getKeys().delete(streams.toArray(String[]::new));
            redisson.getKeys().delete(warmStreams.toArray(String[]::new));
            redisson.shutdown();
            for (Database d : databases) {
                d.drop();
            }
            deleteTree(dir);
        }
    }

    /** A database of one phase: a fresh H2 file, or a fresh PostgreSQL schema (dropped with its build schemas). */
    private record Database(DataSource dataSource, String pgSchema) {
        void drop() throws SQLException {
            if (pgSchema == null) {
                return;
            }
            try (Connection c = java.sql.DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
                List<String> schemas = new java.util.ArrayList<>();
                try (var rs = s.executeQuery("SELECT schema_name FROM information_schema.schemata"
                        + " WHERE schema_name = '" + pgSchema + "' OR schema_name LIKE '" + pgSchema + "\\_%'")) {
                    while (rs.next()) {
                        schemas.add(rs.getString(1));
                    }
                }
                for (String schema : schemas) {
                    s.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
                }
            }
        }
    }

    private static Database database(String kind, Path dir, String phase, List<Database> all) throws SQLException {
        Database d;
        if (kind.equals("h2")) {
            d = new Database(h2(dir.resolve(phase)), null);
        } else if (kind.equals("postgres")) {
            String schema = "bench_" + phase.replace('-', '_') + "_" + UUID.randomUUID().toString().substring(0, 6);
            try (Connection c = java.sql.DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
            pg.setURL(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema
                    + "&reWriteBatchedInserts=true");
            d = new Database(pg, schema);
        } else {
            throw new IllegalArgumentException("database: h2, postgres or both, not " + kind);
        }
        all.add(d);
        return d;
    }

    /**
     * PostgreSQL: a CHECKPOINT before each phase, so a phase does not pay for flushing what the one before wrote (at
     * 1M events the baseline's WAL reaches {@code max_wal_size} and the next phase would take the checkpoint).
     */
    private static void checkpoint(String kind) throws SQLException {
        if (kind.equals("postgres")) {
            try (Connection c = java.sql.DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
    }

    /** WARN for libraries, INFO for the bus: Logback's default DEBUG would measure logging. */
    private static void quietLogging() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            context.getLogger("dev.streambus").setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    /** Pipelined XADDs of encoded events; returns the size of one entry's fields in bytes. */
    private static int write(RedissonClient redisson, List<String> streams, int n) {
        EventEncoder encoder = new EventEncoder(PublisherConfig.builder().domain("bench").build());
        String note = "x".repeat(70);
        int bytes = 0;
        for (int from = 0; from < n; from += 5_000) {
            RBatch batch = redisson.createBatch(BatchOptions.defaults());
            for (int i = from; i < Math.min(n, from + 5_000); i++) {
                String stream = streams.get(i % streams.size());
                OrderPlaced event = new OrderPlaced("o-" + i, "customer-" + (i % 1000), 1000 + i, note);
                Map<String, String> fields = encoder.encode(stream, MessageType.EVENT,
                        PhpJson.mapper().valueToTree(event), null).message().fields();
                if (i == 0) {
                    for (Map.Entry<String, String> f : fields.entrySet()) {
                        bytes += f.getKey().length() + f.getValue().length();
                    }
                }
                batch.<String, String>getStream(stream, StringCodec.INSTANCE).addAsync(StreamAddArgs.entries(fields));
            }
            batch.execute();
        }
        return bytes;
    }

    private static double baseline(RedissonClient redisson, List<String> streams, DataSource ds, int n)
            throws SQLException {
        return baseline(redisson, streams, ds, n, null);
    }

    private static double baseline(RedissonClient redisson, List<String> streams, DataSource ds, int n,
                                   HeapPeak heap) throws SQLException {
        RedisStreams redis = new RedisStreams(redisson);
        try (Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute(ROW_TABLE);
                s.execute("CREATE TABLE bench_guard (stream VARCHAR(200) NOT NULL, entry_ms BIGINT NOT NULL,"
                        + " entry_seq BIGINT NOT NULL, PRIMARY KEY (stream, entry_ms, entry_seq))");
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            long done = 0;
            try (PreparedStatement row = c.prepareStatement(INSERT_ROW);
                 PreparedStatement guard = c.prepareStatement(
                         "INSERT INTO bench_guard (stream, entry_ms, entry_seq) VALUES (?, ?, ?)")) {
                for (String stream : streams) {
                    StreamMessageId after = null;
                    while (true) {
                        StreamMessageId from = after == null ? StreamMessageId.MIN
                                : new StreamMessageId(after.getId0(), after.getId1() + 1);
                        List<StreamEntry> page = RedisStreams.entries(stream,
                                redis.entryStream(stream).range(PAGE, from, StreamMessageId.MAX));
                        for (StreamEntry e : page) {
                            ReceivedMessage m = MessageDecoder.decode(e.stream(), e.id(), e.fields());
                            OrderPlaced o = m.dataAs(OrderPlaced.class);
                            bindRow(row, m, o);
                            row.addBatch();
                            StreamMessageId id = EntryId.parse(e.id());
                            guard.setString(1, stream);
                            guard.setLong(2, id.getId0());
                            guard.setLong(3, id.getId1());
                            guard.addBatch();
                        }
                        if (!page.isEmpty()) {
                            row.executeBatch();
                            guard.executeBatch();
                            c.commit();
                            done += page.size();
                            if (heap != null) {
                                heap.at(done);
                            }
                            after = EntryId.parse(page.get(page.size() - 1).id());
                        }
                        if (page.size() < PAGE) {
                            break;
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            check(done, n, "baseline");
            return done / seconds;
        }
    }

    private static double ours(RedissonClient redisson, List<String> streams, DataSource ds, int n) {
        return ours(redisson, streams, ds, n, null);
    }

    private static double ours(RedissonClient redisson, List<String> streams, DataSource ds, int n, HeapPeak heap) {
        Projection.Builder b = Projection.named("bench_orders").migrations("classpath:db/bench/projection");
        for (String stream : streams) {
            b.on(stream, OrderPlaced.class, (o, m, c) -> BatchedWrites.add(c, INSERT_ROW, m.stream(), m.id(),
                    o.orderId(), o.customer(), o.amountCents(), o.note()));
        }
        RunnerConfig.Builder config = RunnerConfig.builder().batchSize(PAGE).prefetchDepth(4)
                .retireAfter(Duration.ZERO).checkPermissions(false);
        Integer maxCommit = Integer.getInteger("streambus.bench.maxCommitEntries");
        if (maxCommit != null) {
            config.maxCommitEntries(maxCommit);
        }
        Long commitMs = Long.getLong("streambus.bench.commitIntervalMs");
        if (commitMs != null) {
            config.commitInterval(Duration.ofMillis(commitMs));
        }
        if (heap != null) { // the heap probes at progress reports (default interval: each also saves the build row)
            config.progressListener(p -> heap.at(p.done()));
        }
        try (ProjectionRunner runner = ProjectionRunner.create(b.build(), redisson, ds, config.build())) {
            long start = System.nanoTime();
            Progress p = runner.rebuildAll();
            double seconds = (System.nanoTime() - start) / 1e9;
            check(p.done(), n, "rebuildAll");
            return p.done() / seconds;
        }
    }

    private static void bindRow(PreparedStatement ps, ReceivedMessage m, OrderPlaced o) throws SQLException {
        ps.setString(1, m.stream());
        ps.setString(2, m.id());
        ps.setString(3, o.orderId());
        ps.setString(4, o.customer());
        ps.setLong(5, o.amountCents());
        ps.setString(6, o.note());
    }

    private static void check(long done, int n, String what) {
        if (done != n) {
            throw new IllegalStateException(what + " processed " + done + " events, expected " + n);
        }
    }

    private static DataSource h2(Path file) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + file.toAbsolutePath());
        return ds;
    }

    private static String mb(long bytes) {
        return String.format("%,.0f MB", bytes / 1048576.0);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Heap between reset (after a GC) and stop: the most used heap sampled every 20 ms (MemoryMXBean; includes
     * garbage not yet collected), the most heap still used right after a young or mixed GC (GC beans' notifications;
     * includes garbage promoted to the old generation), and the live heap right after full GCs forced in the first
     * and in the second half of the phase's events ({@link #at}): flat in history length when the second half's is
     * not above the first's.
     */
    private static final class HeapPeak {
        private final long events;
        /** Eighths of the events already probed (1..7). */
        private int probed;
        private long firstHalf = -1;
        private long secondHalf = -1;
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final List<javax.management.NotificationEmitter> emitters = new java.util.ArrayList<>();
        private final javax.management.NotificationListener listener = this::onGc;
        private volatile boolean running = true;
        private volatile long max;
        private volatile long afterGc;
        private final Thread sampler = new Thread(this::sample, "heap-sampler");

        HeapPeak(long events) {
            this.events = events;
        }

        /**
         * The phase has done {@code done} events: at 1/8, 2/8, 3/8 and at 5/8, 6/8, 7/8 of them (one probe per call)
         * forces a full GC and keeps the most live heap of each half.
         */
        synchronized void at(long done) {
            int eighth = (int) Math.min(7, done * 8 / Math.max(1, events));
            if (eighth <= probed || eighth == 4 || eighth == 0) {
                return;
            }
            probed = eighth;
            System.gc();
            long live = memory.getHeapMemoryUsage().getUsed();
            if (eighth < 4) {
                firstHalf = Math.max(firstHalf, live);
            } else {
                secondHalf = Math.max(secondHalf, live);
            }
        }

        /** The most live heap of the second half at most {@link #FLAT} x the first half's, plus the slack. */
        synchronized boolean flat() {
            return firstHalf > 0 && secondHalf > 0 && secondHalf <= FLAT * firstHalf + FLAT_SLACK_MB * 1048576L;
        }

        void reset() {
            System.gc();
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof javax.management.NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    emitters.add(emitter);
                }
            }
            sampler.setDaemon(true);
            sampler.start();
        }

        private void onGc(javax.management.Notification n, Object handback) {
            if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                    (javax.management.openmbean.CompositeData) n.getUserData());
            if (info.getGcCause().equals("System.gc()")) {
                return;
            }
            long used = 0;
            for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code")
                        && !e.getKey().contains("Compressed")) {
                    used += e.getValue().getUsed();
                }
            }
            afterGc = Math.max(afterGc, used);
        }

        private void sample() {
            while (running) {
                max = Math.max(max, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        String stop() throws InterruptedException {
            running = false;
            sampler.join();
            for (var emitter : emitters) {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // already gone
                }
            }
            return mb(max) + " peak used (sampled), " + mb(afterGc) + " most after a young/mixed GC, live after a full"
                    + " GC " + mb(firstHalf) + " (most in the first half of the events) and " + mb(secondHalf)
                    + " (second half)";
        }
    }
}
