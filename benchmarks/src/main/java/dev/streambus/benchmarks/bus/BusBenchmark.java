package dev.streambus.benchmarks.bus;

import ch.qos.logback.classic.Level;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.localredis.LocalRedis;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.redisson.api.RedissonClient;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar bus [N] [rounds] [warmups] [consume]}: publish and consume rates
 * of the bus (with a 4th argument {@code consume}: only the consume rows, interleaved round by round)
 * against baselines measured in the same run, on the Redis {@link LocalRedis#resolve()} finds.
 *
 * <p>Measurements (each: {@code warmups} unmeasured rounds, default 1, then {@code rounds} rounds, default 3, all
 * with the same number of events; median, best, worst):
 * <ul>
 *   <li>ours: {@code publish} one by one (min(N, 20k)), {@code publishAll} of N, {@code publishAsync} of N with
 *       {@value #ASYNC_IN_FLIGHT} in flight; consume N (group, typed listener, ack) — {@link OurPublish},
 *       {@link OurConsume};</li>
 *   <li>baselines: Redisson RBatch of 1000 XADDs, one batch after another ({@link RawPublish}); Redisson
 *       XREADGROUP COUNT 100 + XACK per batch ({@link RawConsume}); {@code redis-benchmark} pipelined XADD when
 *       installed ({@link RedisBenchmarkXadd});</li>
 *   <li>diagnostics: encode/decode CPU cost per event ({@link CodecCost}); raw RBatch with our publishAll's
 *       batch size and batches in flight (our pipelining without our encoding).</li>
 * </ul>
 * Every key has a random suffix and is deleted at the end ({@link RunKeys}). Exit status 0 when every target is met,
 * 2 when one is missed, 1 on error.
 */
public final class BusBenchmark {

    static final int DEFAULT_N = 200_000;
    static final int ONE_BY_ONE_MAX = 20_000;
    static final int ASYNC_IN_FLIGHT = 1_000;
    static final int RAW_BATCH = 1_000;
    static final int RAW_READ_COUNT = 100;

    private BusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_N;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        if (n < 100 || rounds < 1 || warmups < 0) {
            throw new IllegalArgumentException("usage: bus [N >= 100] [rounds >= 1] [warmups >= 0]");
        }
        boolean consumeOnly = args.length > 3 && "consume".equals(args[3]);
        System.exit(run(n, rounds, warmups, consumeOnly));
    }

    static int run(int n, int roundCount, int warmups) throws Exception {
        return run(n, roundCount, warmups, false);
    }

    /** @param consumeOnly skip the publish measurements (4th argument {@code consume}): consume rows and ratios only */
    static int run(int n, int roundCount, int warmups, boolean consumeOnly) throws Exception {
        LocalRedis redis = LocalRedis.resolve();
        RedissonClient redisson = redis.newClient();
        Report report = new Report();
        try (RunKeys keys = new RunKeys(redisson)) {
            PublisherConfig publisherConfig = PublisherConfig.builder().domain("bench").build();
            RedisPublisher publisher = new RedisPublisher(redisson, publisherConfig);
            String eventName = keys.eventName();
            RunEventType events = RunEventType.named(eventName);
            LinkedHashMap<String, String> fields = publisher.encoder().encode(events.sample(0)).message().fields();
            ConsumerConfig.Builder consumerConfig = ConsumerConfig.builder();
            ConsumerConfig consumerDefaults = consumerConfig.build();
            int otherCount = consumerDefaults.batchSize() == 100 ? 500 : 100; // diagnostic: the default's alternative

            describe(report, redis, n, roundCount, warmups, fields, publisherConfig, consumerDefaults);
            Rounds rounds = new Rounds(warmups, roundCount);
            Rounds.progress("bus benchmark: N=%,d, %d rounds, %s", n, roundCount, redis.describe());

            OurPublish ours = new OurPublish(publisher, events, eventName, keys);
            RawPublish raw = new RawPublish(redisson, fields, keys.key("raw-publish"), keys);
            if (!consumeOnly) {
                measure(report, rounds, "publish", String.format(Locale.ROOT, "ours publish, one by one (%,d)",
                        Math.min(n, ONE_BY_ONE_MAX)), ours.oneByOne(Math.min(n, ONE_BY_ONE_MAX)));
                measure(report, rounds, "publishAll", String.format(Locale.ROOT,
                        "ours publishAll (%d/batch, one script call per run of a stream)",
                        publisherConfig.batchSize()), ours.all(n));
                measure(report, rounds, "publishAsync", String.format(Locale.ROOT, "ours publishAsync (%,d in flight)",
                        ASYNC_IN_FLIGHT), ours.async(n, ASYNC_IN_FLIGHT));

                measure(report, rounds, "rawPublish", String.format(Locale.ROOT,
                        "raw Redisson RBatch (%,d XADDs, sequential)", RAW_BATCH), raw.batches(n, RAW_BATCH, 1));

                String benchmark = RedisBenchmarkXadd.executable();
                if (benchmark != null) {
                    RedisBenchmarkXadd xadd = new RedisBenchmarkXadd(redis.redisUrl(), keys.key("redis-benchmark"),
                            keys);
                    measure(report, rounds, "redisBenchmark", "redis-benchmark XADD (-P 64, 50 clients)",
                            xadd.trial(benchmark, n));
                } else {
                    report.note("redis-benchmark not on PATH: its baseline was skipped.");
                }
            }

            OurConsume consume = new OurConsume(redisson, publisher, events, eventName, keys, consumerConfig);
            RawPublish rawFiller = new RawPublish(redisson, fields, keys.key("raw-consume"), keys);
            RawConsume rawConsume = new RawConsume(redisson, rawFiller, keys.key("raw-consume"), keys);
            OurConsume consumeOther = new OurConsume(redisson, publisher, events, eventName, keys,
                    ConsumerConfig.builder().batchSize(otherCount));
            List<Rounds.Named> consumeTrials = List.of(
                    new Rounds.Named("consume", String.format(Locale.ROOT,
                            "ours consume+decode+dispatch+ack (COUNT %d)", consumerDefaults.batchSize()),
                            consume.trial(n)),
                    new Rounds.Named("rawConsume", String.format(Locale.ROOT,
                            "raw Redisson readGroup+ack (COUNT %d, sequential)", RAW_READ_COUNT),
                            rawConsume.trial(n, RAW_READ_COUNT)),
                    new Rounds.Named("consumeOther", String.format(Locale.ROOT,
                            "diag: ours consume, COUNT %d instead of %d", otherCount, consumerDefaults.batchSize()),
                            consumeOther.trial(n)));
            if (consumeOnly) { // interleaved: on a shared box the ratios are what can be compared
                try {
                    rounds.interleaved(consumeTrials).forEach(report::add);
                } catch (Exception | Error e) {
                    Rounds.progress("  interleaved consume rounds failed: %s", e);
                    consumeTrials.forEach(t -> report.failed(t.id(), t.label(), e));
                }
            } else {
                consumeTrials.stream().filter(t -> !t.id().equals("consumeOther"))
                        .forEach(t -> measure(report, rounds, t.id(), t.label(), t.trial()));
            }

            // diagnostics: not targets, they split our cost into transport shape and CPU
            if (!consumeOnly) {
                measure(report, rounds, "rawPipelined", String.format(Locale.ROOT,
                        "diag: raw RBatch (%d/batch, sequential, no encode)", publisherConfig.batchSize()),
                        raw.batches(n, publisherConfig.batchSize(), 1));
                Rounds.Named other = consumeTrials.get(2);
                measure(report, rounds, other.id(), other.label(), other.trial());
            }
            if (!consumeOnly) {
                codecCosts(report, publisher, events, Math.min(n, 50_000));
            }

            if (!consumeOnly) {
                report.ratio("ours publishAll / raw RBatch", "publishAll", "rawPublish", 1.5);
            }
            report.ratio("ours consume+dispatch+ack / raw readGroup+ack", "consume", "rawConsume", 1.0);
            if (!consumeOnly) {
                report.ratio("raw RBatch / redis-benchmark", "rawPublish", "redisBenchmark", null);
                report.ratio("ours publishAll / redis-benchmark", "publishAll", "redisBenchmark", null);
                report.ratio("ours publishAsync / raw RBatch", "publishAsync", "rawPublish", null);
                report.ratio("ours publish one by one / raw RBatch", "publish", "rawPublish", null);
                report.ratio("ours publishAll / diag raw RBatch same pipelining", "publishAll", "rawPipelined", null);
            }
            report.ratio(String.format(Locale.ROOT, "diag ours consume COUNT %d / raw readGroup+ack", otherCount),
                    "consumeOther", "rawConsume", null);
        } finally {
            redisson.shutdown();
        }
        report.environment("Load average (1/5/15 min) at end:   " + loadAverage());
        report.print(System.out);
        return report.anyTargetMissed() ? 2 : 0;
    }

    private static void describe(Report report, LocalRedis redis, int n, int rounds, int warmups,
                                 Map<String, String> fields,
                                 PublisherConfig publisher, ConsumerConfig consumer) {
        Runtime rt = Runtime.getRuntime();
        report.environment(String.format(Locale.ROOT, "JVM: %s %s (%s), max heap %,d MB",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("java.vm.vendor"), rt.maxMemory() / (1024 * 1024)));
        report.environment(String.format(Locale.ROOT, "CPUs: %d available to the JVM (%s %s). Figures come from a "
                        + "shared box: other builds may run at the same time; Redis, the JVM and redis-benchmark share "
                        + "these CPUs.", rt.availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch")));
        report.environment("Load average (1/5/15 min) at start: " + loadAverage());
        report.environment("Redis: " + redis.describe()); // never contains the password
        int bytes = 0;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            bytes += f.getKey().getBytes(StandardCharsets.UTF_8).length
                    + f.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        report.environment(String.format(Locale.ROOT, "Message: Laravel Streamer entry, %d fields, %d bytes of "
                + "field names and values (data %d bytes)", fields.size(), bytes, fields.get("data").length()));
        report.environment(String.format(Locale.ROOT, "N=%,d per round, %d warm-up + %d measured rounds each; "
                        + "publisher batchSize=%d; consumer batchSize=%d workers=%d",
                n, warmups, rounds, publisher.batchSize(), consumer.batchSize(),
                consumer.workers()));
    }

    private static void measure(Report report, Rounds rounds, String id, String label, Rounds.Trial trial) {
        try {
            report.add(id, rounds.measure(label, trial));
        } catch (Exception | Error e) {
            Rounds.progress("  %s failed: %s", label, e);
            report.failed(id, label, e);
        }
    }

    private static void codecCosts(Report report, RedisPublisher publisher, RunEventType events, int n) {
        CodecCost.Costs costs = CodecCost.measure(publisher.encoder(), events, n);
        report.note("CPU per event, one thread, no Redis (best of 3 x " + n + "):");
        costs.nanosPerEvent().forEach((step, nanos) -> report.note(String.format(Locale.ROOT,
                "  %-50s %7.2f us  (= %,9.0f events/s per core)", step, nanos / 1000, 1e9 / nanos)));
    }


    /** From /proc/loadavg on Linux: how busy the shared box was; "n/a" elsewhere. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Redisson and the consumer log at DEBUG/INFO by default (no logback.xml here); keep the output readable. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
    }
}
