package dev.streambus.samples.orders;

import dev.streambus.console.ConsoleConfig;
import dev.streambus.console.ConsoleServer;
import dev.streambus.console.Lever;
import dev.streambus.console.RebuildProgress;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.localredis.LocalRedis;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.RunnerConfig;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.h2.jdbcx.JdbcDataSource;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis streaming guide's scenario behind the web console ({@code streambus-demo.jar --console}): order events
 * produced on demand, group {@code notifications} (consumers {@code notif-1} and {@code notif-2}) and group
 * {@code analytics} ({@code analytics-1}) reading at their own pace, a "crash next N" lever on {@code notif-2} whose
 * crashed entries stay pending until the reaper (entries idle over {@code reclaimIdle}) or a manual claim from the
 * page moves them (a claim to {@code notif-1} is handled by it at once: the group's pending goes back to 0), and the
 * {@code order_summary} projection next to it.
 */
public final class ConsoleDemo implements AutoCloseable {

    public static final String NOTIFICATIONS = "notifications";
    public static final String ANALYTICS = "analytics";

    private final RedisPublisher publisher;
    private final DemoListeners.Counting crashing;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final AtomicInteger orders = new AtomicInteger();
    private final String run = Long.toString(System.currentTimeMillis() % 46_656, 36);
    private final ConsoleServer console;

    /**
     * Starts the consumers, the projection and the console.
     *
     * @param port        console port (0: a free one)
     * @param reclaimIdle how long an entry stays pending before the reaper reclaims it
     */
    public ConsoleDemo(RedissonClient redisson, int port, Duration reclaimIdle) {
        this.publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("orders-service").build());
        this.crashing = new DemoListeners.Counting("notif-2", line -> { }, 0);
        EventConsumer n1 = consumer(redisson, NOTIFICATIONS, "notif-1",
                new DemoListeners.Counting("notif-1", line -> { }, 0), reclaimIdle);
        EventConsumer n2 = consumer(redisson, NOTIFICATIONS, "notif-2", crashing, reclaimIdle);
        EventConsumer a1 = consumer(redisson, ANALYTICS, "analytics-1",
                new DemoListeners.Counting("analytics-1", line -> { }, 0), reclaimIdle);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:console-demo-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        RebuildProgress progress = new RebuildProgress();
        ProjectionRunner summary = ProjectionRunner.create(OrderSummary.projection(), redisson, h2,
                RunnerConfig.builder().block(Duration.ofMillis(200)).progressListener(progress)
                        .progressInterval(Duration.ofMillis(200)).build());
        running.addAll(List.of(n1, n2, a1, summary));
        n1.start();
        n2.start();
        a1.start();
        summary.start();
        console = ConsoleServer.builder(redisson)
                .config(ConsoleConfig.builder().port(port).streamMatch("order.*").build())
                .publisherConfig(PublisherConfig.builder().domain("orders-service").build())
                .projection(summary, progress)
                .consumers(List.of(n1, n2, a1))
                .lever(new Lever("produce", "Produce N orders (placed, paid, shipped)", 5, this::produce))
                .lever(new Lever("crash", "notif-2: crash on the next N deliveries", 3, n -> {
                    crashing.crashNext(n);
                    return "notif-2 will crash on its next " + n + " deliveries (they stay pending)";
                }))
                .build().start();
    }

    public static void main(String[] args) throws Exception {
        int port = 8080;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        LocalRedis redis = LocalRedis.resolve();
        RedissonClient redisson = redis.newClient();
        try (ConsoleDemo demo = new ConsoleDemo(redisson, port, Duration.ofSeconds(30))) {
            demo.produce(5);
            System.out.println("streambus demo with the web console");
            System.out.println("Redis: " + redis.describe());
            System.out.println("open " + demo.url() + " - groups '" + NOTIFICATIONS + "' (notif-1, notif-2) and '"
                    + ANALYTICS + "' on order.*; the reaper reclaims entries idle over 30 s; Ctrl-C to stop");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        } finally {
            redisson.shutdown();
        }
    }

    public String url() {
        return console.url();
    }

    /** Publishes {@code n} orders: each placed, paid and shipped. */
    public String produce(int n) {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "o-" + run + "-" + orders.incrementAndGet();
            long total = 1_000L + 100L * (orders.get() % 50);
            events.add(new OrderPlaced(id, "customer-" + orders.get() % 7, total));
            events.add(new OrderPaid(id, total, orders.get() % 2 == 0 ? "card" : "paypal"));
            events.add(new OrderShipped(id, orders.get() % 2 == 0 ? "DHL" : "UPS"));
        }
        publisher.publishAll(events);
        return "published " + n + " orders (" + events.size() + " events)";
    }

    private static EventConsumer consumer(RedissonClient redisson, String group, String name,
                                          DemoListeners.Counting listener, Duration reclaimIdle) {
        return EventConsumer.builder(redisson).config(ConsumerConfig.builder().group(group).consumer(name)
                .startFrom("$").batchSize(1).block(Duration.ofMillis(200)).reclaimIdle(reclaimIdle)
                .reclaimInterval(Duration.ofSeconds(1)).build()).listener(listener).build();
    }

    @Override
    public void close() {
        console.close();
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                // closing the rest anyway
            }
        }
    }
}
