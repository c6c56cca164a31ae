package dev.streambus.benchmarks.cluster;

import dev.streambus.benchmarks.bus.BusBenchmark;
import dev.streambus.benchmarks.bus.CpuUse;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.Listeners;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.RedisClusterProcess;
import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.redisson.api.RedissonClient;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar cluster [N] [rounds]}: the same work on one Redis (1 shard) and
 * on a 3-master Redis Cluster (3 shards), both private {@code redis-server} processes started here, in the same run,
 * rounds interleaved: {@code publishAll} of N events spread over 3 streams (on the cluster: one per master), then 3
 * group consumers (one per stream) handling them. Prints events/s (median of the rounds), client CPU per event and
 * Redis CPU per event per shard ({@code INFO CPU}), and the 3-shard / 1-shard throughput ratio (target >= 0.9: on
 * a small machine the shards share the cores, so this measures cluster overhead, not scaling).
 */
public final class ClusterBenchmark {

    /** Tags whose slots fall on the harness's masters 0, 1, 2 (slots 1010, 9136, 13201). */
    static final String A = "bench.cluster.{bench2}";
    static final String B = "bench.cluster.{bench0}";
    static final String C = "bench.cluster.{bench1}";

    @StreamerEvent(name = A)
    public record EventA(int n, String text) {
    }

    @StreamerEvent(name = B)
    public record EventB(int n, String text) {
    }

    @StreamerEvent(name = C)
    public record EventC(int n, String text) {
    }

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BusBenchmark.quietLogging();
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 60_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // both from the redis-server >= 7 on PATH, which the cluster needs
        try (RedisClusterProcess cluster = RedisClusterProcess.create().start();
             RedisServerProcess single = RedisServerProcess.create().start()) {
            Setup one = new Setup("1 shard", single.newClient(), List.of(single));
            Setup three = new Setup("3 shards", cluster.newClient(), cluster.nodes());
            try {
                List<Setup> setups = List.of(one, three);
                for (int round = -1; round < rounds; round++) { // round -1: warm-up, not recorded
                    for (Setup setup : setups) {
                        setup.round(n, round >= 0);
                    }
                }
                System.out.printf(Locale.ROOT, "%-9s %14s %14s %16s %26s%n", "setup", "publish ev/s",
                        "consume ev/s", "client CPU µs/ev", "Redis CPU µs/ev per shard");
                setups.forEach(Setup::print);
                double publish = three.median(three.publishRates) / one.median(one.publishRates);
                double consume = three.median(three.consumeRates) / one.median(one.consumeRates);
                System.out.printf(Locale.ROOT, "3 shards / 1 shard: publish %.2f, consume %.2f (target >= 0.90)%n",
                        publish, consume);
                System.exit(publish >= 0.9 && consume >= 0.9 ? 0 : 2);
            } finally {
                one.redisson.shutdown();
                three.redisson.shutdown();
            }
        }
    }

    /** One deployment: its client, its Redis processes and the measured rounds. */
    private static final class Setup {
        final String name;
        final RedissonClient redisson;
        final List<RedisServerProcess> shards;
        final List<Double> publishRates = new ArrayList<>();
        final List<Double> consumeRates = new ArrayList<>();
        double clientCpuMicros;
        double[] serverCpuMicros;
        int measured;

        Setup(String name, RedissonClient redisson, List<RedisServerProcess> shards) {
            this.name = name;
            this.redisson = redisson;
            this.shards = shards;
            this.serverCpuMicros = new double[shards.size()];
        }

        void round(int n, boolean record) throws InterruptedException {
            redisson.getKeys().delete(A, B, C);
            RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().batchSize(1000).build());
            List<Object> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String text = "event " + i;
                events.add(switch (i % 3) {
                    case 0 -> new EventA(i, text);
                    case 1 -> new EventB(i, text);
                    default -> new EventC(i, text);
                });
            }
            long cpu0 = processCpuNanos();
            double[] server0 = serverCpuSeconds();
            long t0 = System.nanoTime();
            publisher.publishAll(events);
            long t1 = System.nanoTime();
            AtomicLong handled = new AtomicLong();
            List<EventConsumer> consumers = new ArrayList<>();
            for (String stream : List.of(A, B, C)) {
                Class<?> type = stream.equals(A) ? EventA.class : stream.equals(B) ? EventB.class : EventC.class;
                consumers.add(EventConsumer.builder(redisson).config(ConsumerConfig.builder().group("bench")
                                .consumer("c").startFrom("0").checkPermissions(false).build())
                        .listener(Listeners.on(type, "counter", (event, message) -> handled.incrementAndGet()))
                        .build());
            }
            long t2 = System.nanoTime();
            consumers.forEach(EventConsumer::start);
            while (handled.get() < n) {
                Thread.sleep(1);
            }
            long t3 = System.nanoTime();
            consumers.forEach(EventConsumer::close);
            long cpu1 = processCpuNanos();
            double[] server1 = serverCpuSeconds();
            redisson.getKeys().delete(A, B, C);
            if (!record) {
                return;
            }
            publishRates.add(n / ((t1 - t0) / 1e9));
            consumeRates.add(n / ((t3 - t2) / 1e9));
            clientCpuMicros += (cpu1 - cpu0) / 1e3 / (2.0 * n);
            for (int i = 0; i < shards.size(); i++) {
                serverCpuMicros[i] += (server1[i] - server0[i]) * 1e6 / (2.0 * n);
            }
            measured++;
        }

        void print() {
            StringBuilder perShard = new StringBuilder();
            for (double micros : serverCpuMicros) {
                perShard.append(perShard.isEmpty() ? "" : " / ").append(String.format(Locale.ROOT, "%.1f",
                        micros / measured));
            }
            System.out.printf(Locale.ROOT, "%-9s %14.0f %14.0f %16.1f %26s%n", name, median(publishRates),
                    median(consumeRates), clientCpuMicros / measured, perShard);
        }

        double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        private double[] serverCpuSeconds() {
            double[] out = new double[shards.size()];
            for (int i = 0; i < shards.size(); i++) {
                String info = String.valueOf(shards.get(i).command("INFO", "CPU"));
                out[i] = CpuUse.cpuSeconds(info);
            }
            return out;
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}
