package dev.streambus.samples.orders;

import org.redisson.api.RedissonClient;

import java.io.PrintStream;

/** Runs the demo once on a given client and output, for tests. */
public final class OrdersDemoRunner {

    private OrdersDemoRunner() {
    }

    /** @return the demo's exit status */
    public static int run(RedissonClient redisson, PrintStream out) throws Exception {
        return new OrdersDemo(redisson, out).run(false);
    }
}
