package dev.streambus.projection.testing;

import dev.streambus.localredis.LocalRedis;
import dev.streambus.projection.Projection;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.RunnerConfig;
import org.redisson.api.RedissonClient;

import java.time.Duration;

/**
 * A projection process for the kill tests: {@code <h2 file> <mode live|catch-up|rebuild> <projection> <placed> <paid>
 * <shipped>}; {@code rebuild} runs a blue/green rebuild of version 2. Applies the order projection slowly (1 ms per event) and prints {@code applying <n>} for each event,
 * so the parent can kill it in the middle of a batch. Redis comes from {@code REDIS_URL}.
 */
public final class ProjectionChild {

    private ProjectionChild() {
    }

    public static void main(String[] args) throws Exception {
        String file = args[0];
        String mode = args[1];
        Orders.Streams streams = new Orders.Streams(args[3], args[4], args[5]);
        Projection slow = slow(args[2], streams, mode.equals("rebuild") ? 2 : 1);
        RedissonClient redisson = LocalRedis.resolve().newClient();
        RunnerConfig config = Configs.fast().batchSize(50).build();
        try (ProjectionRunner runner = ProjectionRunner.create(slow, redisson, TestDatabase.h2File(file), config)) {
            if (mode.equals("live")) {
                runner.start();
                Thread.sleep(Duration.ofMinutes(5).toMillis());
            } else if (mode.equals("rebuild")) {
                runner.rebuildAll();
            } else {
                runner.catchUp();
            }
        } finally {
            redisson.shutdown();
        }
        System.out.println("done");
    }

    /** The order projection with each handler slowed down and announcing itself on stdout. */
    public static Projection slow(String name, Orders.Streams streams, int version) {
        Projection inner = Orders.projection(name, streams).build();
        int[] n = {0};
        Projection.Builder b = Projection.named(name).version(version).migrations(Orders.MIGRATIONS);
        wrap(b, inner, streams.placed(), Orders.Placed.class, n);
        wrap(b, inner, streams.paid(), Orders.Paid.class, n);
        wrap(b, inner, streams.shipped(), Orders.Shipped.class, n);
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static <T> void wrap(Projection.Builder b, Projection inner, String name, Class<T> type, int[] n) {
        var handler = (dev.streambus.projection.EventHandler<T>) inner.handler(name).handler();
        b.on(name, type, (e, m, c) -> {
            handler.handle(e, m, c);
            System.out.println("applying " + (++n[0]));
            System.out.flush();
            Thread.sleep(1);
        });
    }
}
