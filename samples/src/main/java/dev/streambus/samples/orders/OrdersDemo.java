package dev.streambus.samples.orders;

import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.localredis.LocalRedis;
import dev.streambus.ops.BusInspector;
import dev.streambus.ops.GroupStatus;
import dev.streambus.ops.StreamStatus;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.RunnerConfig;
import dev.streambus.projection.progress.Progress;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.h2.jdbcx.JdbcDataSource;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * An orders service on streambus, start to finish, narrated: Java publishes typed order events, a Laravel app's
 * {@code user.created} entries arrive, two consumer groups share and split the work (one consumer crashes on a few
 * entries and the reaper recovers them), and an {@code order_summary} projection in H2 is built live, then rebuilt
 * from history, with both compared. Exits 0 when every check holds; {@code --keep-running} stays up.
 */
public final class OrdersDemo {

    private static final List<String> STREAMS = List.of("order.placed", "order.paid", "order.shipped", "user.created");
    private static final String NOTIFICATIONS = "demo-notifications";
    private static final String ANALYTICS = "demo-analytics";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final RedissonClient redisson;
    private final PrintStream out;
    private final List<String> createdStreams = new ArrayList<>();
    private int failedChecks;

    OrdersDemo(RedissonClient redisson, PrintStream out) {
        this.redisson = redisson;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        boolean keepRunning = List.of(args).contains("--keep-running");
        LocalRedis redis = LocalRedis.resolve();
        RedissonClient redisson = redis.newClient();
        int status;
        try {
            System.out.println("streambus demo: an orders service next to a Laravel app");
            System.out.println("Redis: " + redis.describe());
            status = new OrdersDemo(redisson, System.out).run(keepRunning);
        } finally {
            redisson.shutdown();
        }
        System.exit(status);
    }

    /** Runs every step; returns the exit status (0 when every check held). */
    int run(boolean keepRunning) throws Exception {
        String run = Long.toString(System.currentTimeMillis() % 46_656, 36);
        STREAMS.forEach(s -> {
            if (redisson.getKeys().countExists(s, DeadLetterKeys.DEFAULT.of(s)) == 0) {
                createdStreams.add(s);
            }
        });
        BusInspector inspector = new BusInspector(redisson);
        resetDemoGroups();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:orders-demo-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");

        section("1. Consumers and the projection start");
        List<String> activity = java.util.Collections.synchronizedList(new ArrayList<>());
        DemoListeners.Counting notif1 = new DemoListeners.Counting("notif-1", activity::add, 0);
        DemoListeners.Counting notif2 = new DemoListeners.Counting("notif-2", activity::add, 2);
        DemoListeners.Counting analytics = new DemoListeners.Counting("analytics-1", line -> { }, 0);
        try (EventConsumer n1 = consumer(NOTIFICATIONS, "notif-1", notif1);
             EventConsumer n2 = consumer(NOTIFICATIONS, "notif-2", notif2);
             EventConsumer a1 = consumer(ANALYTICS, "analytics-1", analytics);
             ProjectionRunner summary = ProjectionRunner.create(OrderSummary.projection(), redisson, h2,
                     RunnerConfig.builder().block(Duration.ofMillis(200)).progressInterval(Duration.ofSeconds(30))
                             .build())) {
            say("  group %s: consumers notif-1 and notif-2 share the work; notif-2 will crash on its first two",
                    NOTIFICATIONS);
            say("  group %s: one consumer sees everything", ANALYTICS);
            say("  projection order_summary: H2 read model, its own group %s, built live", summary.group());
            n1.start();
            n2.start();
            a1.start();
            summary.start();

            section("2. Java publishes typed events (XADD, Laravel's fields)");
            RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("orders-service")
                    .build());
            List<Object> events = orderEvents(run);
            List<String> ids = publisher.publishAll(events);
            say("  publishAll: %d events in one pipelined call, ids %s .. %s", ids.size(), ids.get(0),
                    ids.get(ids.size() - 1));
            say("  first entry as stored: %s", entryFields("order.placed", ids.get(0)));

            section("3. A Laravel app emits user.created (fields exactly as PHP's Streamer writes them)");
            LaravelApp laravel = new LaravelApp(redisson);
            say("  XADD user.created -> %s", laravel.emitUserCreated());
            say("  fields: %s", laravel.fields());

            section("4. Who handled what in " + NOTIFICATIONS
                    + " (a crash leaves the entry pending; the reaper reclaims it after 1 s idle)");
            int expected = events.size() + 1;
            await(() -> notif1.handled.get() + notif2.handled.get() >= expected && analytics.handled.get() >= expected
                    && pending(inspector, NOTIFICATIONS) == 0 && pending(inspector, ANALYTICS) == 0);
            synchronized (activity) {
                activity.forEach(this::say);
            }
            check(notif1.handled.get() + notif2.handled.get() == expected,
                    "notifications handled every entry once after recovery: " + notif1.handled + " + "
                            + notif2.handled + " = " + expected);
            check(notif1.handled.get() > 0 && notif2.handled.get() > 0, "both notification consumers got work");
            check(analytics.handled.get() == expected, "analytics (alone in its group) handled all " + expected);
            say("  analytics counted: %s", analytics.handledByEvent);

            section("5. Lag and pending per group");
            printStatus(inspector.status(STREAMS));

            section("6. order_summary: built live, then rebuilt from history with XRANGE");
            List<OrderSummary.Row> expectedRows = expectedRows(run);
            await(() -> summary.failure() != null || rowsOrEmpty(h2).containsAll(expectedRows));
            if (summary.failure() != null) {
                check(false, "the projection stopped: " + summary.failure().getMessage());
                return 1;
            }
            List<OrderSummary.Row> live = rows(h2);
            printRows(live);
            Progress first = summary.rebuildAll();
            say("  rebuildAll: %s", first.describe());
            List<OrderSummary.Row> rebuilt = rows(h2);
            check(rebuilt.equals(live), "rebuilt rows equal the live-built rows (" + rebuilt.size() + " rows)");
            summary.rebuildAll();
            check(rows(h2).equals(live), "replaying the history a second time changes nothing");
            check(rebuilt.containsAll(expectedRows), "every order of this run is in the read model");

            if (keepRunning) {
                section("Running: publish to order.* or user.created and watch; Ctrl-C to stop");
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
        } finally {
            cleanUp();
        }
        section(failedChecks == 0 ? "Done: every check held." : "Done: " + failedChecks + " check(s) FAILED.");
        return failedChecks == 0 ? 0 : 1;
    }

    private EventConsumer consumer(String group, String name, DemoListeners.Counting listener) {
        return EventConsumer.builder(redisson).config(ConsumerConfig.builder().group(group).consumer(name)
                .startFrom("$").batchSize(4).block(Duration.ofMillis(200)).reclaimIdle(Duration.ofSeconds(1))
                .reclaimInterval(Duration.ofMillis(250)).build()).listener(listener).build();
    }

    private static List<Object> orderEvents(String run) {
        List<Object> events = new ArrayList<>();
        String[] customers = {"ann", "bob", "chloé", "dmitri", "eve", "farah"};
        for (int i = 0; i < 6; i++) {
            events.add(new OrderPlaced(orderId(run, i), customers[i], 1_000L * (i + 1) + 99));
        }
        for (int i = 0; i < 5; i++) {
            events.add(new OrderPaid(orderId(run, i), 1_000L * (i + 1) + 99, i % 2 == 0 ? "card" : "paypal"));
        }
        for (int i = 0; i < 4; i++) {
            events.add(new OrderShipped(orderId(run, i), i % 2 == 0 ? "DHL" : "UPS"));
        }
        return events;
    }

    private static List<OrderSummary.Row> expectedRows(String run) {
        List<OrderSummary.Row> rows = new ArrayList<>();
        String[] customers = {"ann", "bob", "chloé", "dmitri", "eve", "farah"};
        for (int i = 0; i < 6; i++) {
            long total = 1_000L * (i + 1) + 99;
            String status = i < 4 ? "shipped" : i < 5 ? "paid" : "placed";
            rows.add(new OrderSummary.Row(orderId(run, i), customers[i], total, status, i < 5 ? total : 0,
                    i < 4 ? (i % 2 == 0 ? "DHL" : "UPS") : null));
        }
        return rows;
    }

    /** Order ids unique to this run, so a Redis that already holds order events does not collide. */
    private static String orderId(String run, int i) {
        return "o-" + run + "-" + (i + 1);
    }

    private Map<String, String> entryFields(String stream, String id) {
        return redisson.<String, String>getStream(stream, StringCodec.INSTANCE)
                .range(dev.streambus.redis.EntryId.parse(id), dev.streambus.redis.EntryId.parse(id)).values()
                .iterator().next();
    }

    private long pending(BusInspector inspector, String group) {
        return inspector.status(STREAMS).stream().flatMap(s -> s.group(group).stream())
                .mapToLong(GroupStatus::pending).sum();
    }

    private void printStatus(List<StreamStatus> statuses) {
        say("  %-14s %7s  %-25s %8s %8s %10s", "stream", "length", "group", "pending", "lag", "consumers");
        for (StreamStatus s : statuses) {
            for (GroupStatus g : s.groups()) {
                say("  %-14s %7d  %-25s %8d %8s %10d", s.stream(), s.length(), g.name(), g.pending(),
                        g.lag().isPresent() ? Long.toString(g.lag().getAsLong()) : "unknown", g.consumerCount());
            }
        }
    }

    private void printRows(List<OrderSummary.Row> rows) {
        say("  %-10s %-8s %8s %-8s %8s %-7s", "order", "customer", "total", "status", "paid", "carrier");
        rows.forEach(r -> say("  %-10s %-8s %8d %-8s %8d %-7s", r.orderId(), r.customer(), r.totalCents(),
                r.status(), r.paidCents(), r.carrier() == null ? "-" : r.carrier()));
    }

    private static List<OrderSummary.Row> rows(JdbcDataSource h2) throws SQLException {
        try (Connection c = h2.getConnection()) {
            return OrderSummary.rows(c);
        }
    }

    private static List<OrderSummary.Row> rowsOrEmpty(JdbcDataSource h2) {
        try {
            return rows(h2);
        } catch (SQLException e) {
            return List.of();
        }
    }

    private void resetDemoGroups() {
        for (String stream : STREAMS) {
            var s = redisson.getStream(stream, StringCodec.INSTANCE);
            if (s.isExists()) {
                s.listGroups().stream().filter(g -> g.getName().startsWith("demo-"))
                        .forEach(g -> s.removeGroup(g.getName()));
            }
        }
    }

    /**
     * Deletes the streams this run created; on streams that existed before, removes only the demo's groups. Also
     * removes the demo's own records from Laravel's shared {@code failed_stream} set.
     */
    private void cleanUp() {
        resetDemoGroups();
        var failed = redisson.<String>getSet(FailedMessage.SET_KEY, StringCodec.INSTANCE);
        failed.readAll().stream().filter(m -> m.contains("\"receiver\":\"Demo\\\\")).forEach(failed::remove);
        for (String stream : STREAMS) {
            if (createdStreams.contains(stream)) {
                redisson.getKeys().delete(stream, DeadLetterKeys.DEFAULT.of(stream));
            } else {
                var s = redisson.getStream(stream, StringCodec.INSTANCE);
                if (s.isExists()) {
                    s.listGroups().stream().filter(g -> g.getName().equals("projection.order_summary"))
                            .forEach(g -> s.removeGroup(g.getName()));
                }
            }
        }
    }

    private void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                check(false, "timed out after " + WAIT + " waiting for the step to finish");
                return;
            }
            Thread.sleep(50);
        }
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            failedChecks++;
        }
        say("  %s %s", ok ? "[ok]" : "[FAILED]", what);
    }

    private void section(String title) {
        say("");
        say("== %s", title);
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.println(args.length == 0 ? format : String.format(format, args));
        }
    }
}
