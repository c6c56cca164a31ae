package dev.streambus.benchmarks.bus;

import dev.streambus.localredis.RedisTest;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPU per thread group and Redis's, against a thread and a Redis script that burn known amounts. */
@RedisTest
class CpuUseTest {

    /**
     * A fixed amount of work for Redis's own thread: about 100 ms of CPU on this project's VM, at least 20 ms on a
     * machine five times faster. Work, not wall time: a loop that ran for 50 ms of wall time used only 29 ms of CPU in
     * a CI run where Redis shared its two cores with the test's burner thread and the rest of the build.
     */
    private static final String FIXED_WORK = """
            local x = 0
            for i = 1, 5000000 do
              x = x + i % 7
            end
            return x""";

    private final RedissonClient redisson;

    CpuUseTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void countsEachThreadGroupAndTheRedisServer() throws Exception {
        CpuUse.watchRedis(redisson);
        CountDownLatch burned = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread burner = new Thread(() -> {
            burnOwnCpu(TimeUnit.MILLISECONDS.toNanos(100));
            burned.countDown();
            awaitQuietly(measured);                     // alive at stop(): ended threads are not counted
        }, "cpu-use-burner-7");

        CpuUse window = CpuUse.start();
        burner.start();
        redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, FIXED_WORK, RScript.ReturnType.LONG);
        assertTrue(burned.await(30, TimeUnit.SECONDS));
        CpuUse.Spent spent = window.stop();
        measured.countDown();
        burner.join();

        long burnerNanos = spent.threadNanos().getOrDefault("cpu-use-burner", 0L);
        assertTrue(burnerNanos >= TimeUnit.MILLISECONDS.toNanos(100), "burner: " + burnerNanos + " ns");
        assertTrue(spent.redisNanos() >= TimeUnit.MILLISECONDS.toNanos(20), "Redis: " + spent.redisNanos() + " ns");
        assertTrue(spent.wallNanos() >= burnerNanos, "wall: " + spent.wallNanos() + " ns");   // one thread's CPU
    }

    @Test
    void threadGroupsAreNamesWithoutTheirNumbers() {
        assertEquals("redisson-netty", CpuUse.group("redisson-netty-1-3"));
        assertEquals("pool-thread", CpuUse.group("pool-4-thread-17"));
        assertEquals("streambus-bench-consumer", CpuUse.group("streambus-bench-consumer-12"));
        assertEquals("main", CpuUse.group("main"));
        assertEquals("42", CpuUse.group("42"));
    }

    @Test
    void readsRedisCpuSecondsFromInfoCpu() {
        String info = "# CPU\r\nused_cpu_sys:1.500000\r\nused_cpu_user:2.250000\r\nused_cpu_sys_children:9.0\r\n";
        assertEquals(3.75, CpuUse.cpuSeconds(info), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> CpuUse.cpuSeconds("# CPU\r\nused_cpu_sys:1.5\r\n"));
    }

    @Test
    void windowsAddUpAndAnUnknownRedisStaysUnknown() {
        CpuUse.Spent a = new CpuUse.Spent(Map.of("netty", 5L, "main", 1L), 10, 100);
        CpuUse.Spent b = new CpuUse.Spent(Map.of("netty", 7L), 20, 50);
        CpuUse.Spent sum = a.plus(b);
        assertEquals(Map.of("netty", 12L, "main", 1L), sum.threadNanos());
        assertEquals(30, sum.redisNanos());
        assertEquals(150, sum.wallNanos());
        assertEquals(-1, a.plus(new CpuUse.Spent(Map.of(), -1, 1)).redisNanos());
    }

    private static void burnOwnCpu(long nanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + nanos;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            for (int i = 0; i < 10_000; i++) {
                x += i * 31L ^ x;
            }
        }
        if (x == 42) {
            System.out.print("");                      // keeps the loop from being optimised away
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
