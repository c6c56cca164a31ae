package dev.streambus.benchmarks.bus;

import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * CPU time spent while a trial's measured part ran: this JVM's threads by group (the thread's name without its
 * numbers, e.g. {@code redisson-netty}) and the Redis server's ({@code INFO CPU}: its user + system time, all its
 * threads). Per event it says where the time went: which side a change has to shrink (the client's
 * I/O thread, its workers, Redis), and whether a row waits or computes (CPU per event against wall time per event
 * on the machine's cores). Threads that ended during the window are not counted.
 */
public final class CpuUse {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The Redis server's CPU seconds so far (throws: unknown), or null: its share unknown. Set once per run. */
    private static volatile DoubleSupplier redisCpuSeconds;

    private final Map<Long, Long> threadsAtStart;
    private final double redisAtStart;
    private final long wallAtStart;

    private CpuUse() {
        this.threadsAtStart = threadNanos();
        this.redisAtStart = redisSeconds();
        this.wallAtStart = System.nanoTime();
    }

    /**
     * What was spent from {@link #start()} to {@link #stop()}.
     *
     * @param threadNanos CPU nanoseconds by thread group
     * @param redisNanos  the Redis server's CPU nanoseconds, or -1 when unknown
     * @param wallNanos   wall time
     */
    record Spent(Map<String, Long> threadNanos, long redisNanos, long wallNanos) {

        /** Both windows together (e.g. the measured rounds of one row). */
        Spent plus(Spent other) {
            Map<String, Long> sum = new TreeMap<>(threadNanos);
            other.threadNanos.forEach((group, nanos) -> sum.merge(group, nanos, Long::sum));
            return new Spent(sum, redisNanos < 0 || other.redisNanos < 0 ? -1 : redisNanos + other.redisNanos,
                    wallNanos + other.wallNanos);
        }
    }

    /**
     * Counts the CPU of {@code redisson}'s Redis server from now on, read with INFO CPU; on anything but a single
     * server (e.g. a cluster) Redis's share stays unknown.
     */
    static void watchRedis(RedissonClient redisson) {
        redisCpuSeconds = () -> cpuSeconds(redisson.getRedisNodes(RedisNodes.SINGLE).getInstance()
                .info(RedisNode.InfoSection.CPU)::get);
    }

    /** {@code used_cpu_sys + used_cpu_user} of an {@code INFO CPU} reply. */
    public static double cpuSeconds(String info) {
        return cpuSeconds(name -> {
            int at = info.indexOf(name + ":");
            if (at < 0) {
                return null;
            }
            int end = info.indexOf('\n', at);
            return info.substring(at + name.length() + 1, end < 0 ? info.length() : end);
        });
    }

    /** {@code used_cpu_sys + used_cpu_user}, given the value of an {@code INFO CPU} field by name. */
    static double cpuSeconds(Function<String, String> field) {
        double sum = 0;
        for (String name : new String[] {"used_cpu_sys", "used_cpu_user"}) {
            String value = field.apply(name);
            if (value == null) {
                throw new IllegalArgumentException("INFO CPU has no " + name);
            }
            sum += Double.parseDouble(value.trim());
        }
        return sum;
    }

    static CpuUse start() {
        return new CpuUse();
    }

    Spent stop() {
        long wall = System.nanoTime() - wallAtStart;
        double redis = redisSeconds();
        Map<String, Long> byGroup = new TreeMap<>();
        threadNanos().forEach((id, nanos) -> {
            String name = nameOf(id);
            if (name != null) {
                byGroup.merge(group(name), nanos - threadsAtStart.getOrDefault(id, 0L), Long::sum);
            }
        });
        return new Spent(byGroup, redis < 0 || redisAtStart < 0 ? -1 : Math.round((redis - redisAtStart) * 1e9),
                wall);
    }

    /** {@code redisson-netty-1-3} → {@code redisson-netty}, {@code pool-4-thread-17} → {@code pool-thread}. */
    static String group(String threadName) {
        String group = threadName.replaceAll("[-_ ]?\\d+", "");
        return group.isEmpty() ? threadName : group;
    }

    private static Map<Long, Long> threadNanos() {
        Map<Long, Long> nanos = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0) {
                nanos.put(id, cpu);
            }
        }
        return nanos;
    }

    private static String nameOf(long id) {
        var info = THREADS.getThreadInfo(id);
        return info == null ? null : info.getThreadName();
    }

    private static double redisSeconds() {
        DoubleSupplier redis = redisCpuSeconds;
        if (redis == null) {
            return -1;
        }
        try {
            return redis.getAsDouble();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
