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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar bus [N] [rounds] [warmups] [consume|publish|latency]}: publish
 * and consume rates of the bus (with a 4th argument {@code consume}: only the consume rows; {@code publish}: only the
 * publish rows and their targets; {@code latency}: only the latency rows) against baselines measured in the same run,
 * on the Redis {@link LocalRedis#resolve()} finds. The publish rows and the consume rows are each measured
 * interleaved, round by round (ours, then each peer, then the next round), so that each ratio compares figures
 * taken in the same minutes of a shared box.
 *
 * <p>Measurements (each: {@code warmups} unmeasured rounds, default 1, then {@code rounds} rounds, default 3, all
 * with the same number of events; median, best, worst):
 * <ul>
 *   <li>ours: {@code publish} one by one (min(N, 20k)), {@code publish} (sync) from {@value #PUBLISH_THREADS}
 *       threads at once, {@code publishAll} of N, {@code publishAsync} of N with {@value #ASYNC_IN_FLIGHT} in
 *       flight; consume N (group, typed listener, ack) — {@link OurPublish}, {@link OurConsume};</li>
 *   <li>baselines: Redisson RBatch of 1000 XADDs, one batch after another ({@link RawPublish}); Redisson
 *       XREADGROUP COUNT 100 + XACK per batch ({@link RawConsume}); {@code redis-benchmark -c 1} XADD with
 *       {@code -P 64} and {@code -P 1} when installed ({@link RedisBenchmarkXadd});</li>
 *   <li>peers a Java user would pick instead ({@link PeerPublish}, {@link PeerConsume}, connected by
 *       {@link PeerClients}, on the same entry {@link PeerEntry}): Spring Data Redis {@code opsForStream().add} one by
 *       one and {@code executePipelined} of 1000, Lettuce async flushed every 1000; Spring's
 *       {@code StreamMessageListenerContainer} (defaults, ack per message) and a Lettuce XREADGROUP COUNT 100 + XACK
 *       loop, both decoding {@code data} into the typed record;</li>
 *   <li>latency: publish → handled at {@value #LATENCY_RATE}/s ({@link EndToEndLatency}), ours with the default
 *       consumer ({@link OurLatencySubject}) and, as this machine's floor, plain Lettuce
 *       ({@link LettuceLatencySubject});</li>
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
    static final int PUBLISH_THREADS = 64;
    static final int RAW_BATCH = 1_000;
    static final int RAW_READ_COUNT = 100;
    static final int LATENCY_RATE = 10_000;
    static final Duration LATENCY_WARM_UP = Duration.ofSeconds(3);
    static final Duration LATENCY_MEASURED = Duration.ofSeconds(10);
    static final double LATENCY_P99_MILLIS = 5.0;

    private BusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_N;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        if (n < 100 || rounds < 1 || warmups < 0) {
            throw new IllegalArgumentException(
                    "usage: bus [N >= 100] [rounds >= 1] [warmups >= 0] [consume|publish|latency]");
        }
        boolean consumeOnly = args.length > 3 && "consume".equals(args[3]);
        boolean publishOnly = args.length > 3 && "publish".equals(args[3]);
        if (args.length > 3 && "latency".equals(args[3])) {
            System.exit(latencyOnly());
        }
        System.exit(run(n, rounds, warmups, consumeOnly, publishOnly));
    }

    static int run(int n, int roundCount, int warmups) throws Exception {
        return run(n, roundCount, warmups, false);
    }

    /** @param consumeOnly skip the publish measurements (4th argument {@code consume}): consume rows and ratios only */
    static int run(int n, int roundCount, int warmups, boolean consumeOnly) throws Exception {
        return run(n, roundCount, warmups, consumeOnly, false);
    }

    /** @param publishOnly only the publish rows and their ratios (4th argument {@code publish}) */
    static int run(int n, int roundCount, int warmups, boolean consumeOnly, boolean publishOnly) throws Exception {
        LocalRedis redis = LocalRedis.resolve();
        RedissonClient redisson = redis.newClient();
        Report report = new Report();
        CpuTimes start = CpuTimes.now();
        CpuUse.watchRedis(redisson);
        try (RunKeys keys = new RunKeys(redisson); PeerClients peers = new PeerClients(redis.redisUrl())) {
            PublisherConfig publisherConfig = PublisherConfig.builder().domain("bench").build();
            RedisPublisher publisher = new RedisPublisher(redisson, publisherConfig);
            String eventName = keys.eventName();
            RunEventType events = RunEventType.named(eventName);
            PeerEntry entry = new PeerEntry(publisher.encoder().encode(events.sample(0)).message().fields(),
                    events.type());
            ConsumerConfig.Builder consumerConfig = ConsumerConfig.builder();
            ConsumerConfig consumerDefaults = consumerConfig.build();
            int otherCount = consumerDefaults.batchSize() == 100 ? 500 : 100; // diagnostic: the default's alternative

            describe(report, redis, n, roundCount, warmups, entry.fields(), publisherConfig, consumerDefaults);
            Rounds rounds = new Rounds(warmups, roundCount);
            Rounds.progress("bus benchmark: N=%,d, %d rounds, %s", n, roundCount, redis.describe());

            RawPublish raw = new RawPublish(redisson, entry.fields(), keys.key("raw-publish"), keys);
            if (!consumeOnly) {
                publishRows(report, rounds, n, new OurPublish(publisher, events, eventName, keys), publisherConfig,
                        raw, new PeerPublish(peers, entry, keys.key("peer-publish"), keys), redis, keys);
            }
            if (publishOnly) {
                measure(report, rounds, "rawPipelined", String.format(Locale.ROOT,
                        "diag: raw RBatch (%d/batch, sequential, no encode)", publisherConfig.batchSize()),
                        raw.batches(n, publisherConfig.batchSize(), 1));
                codecCosts(report, publisher, events, Math.min(n, 50_000));
                publishRatios(report);
            } else {
                consumeRows(report, rounds, n, redisson, publisher, events, eventName, keys, peers, entry,
                        consumerConfig, consumerDefaults, otherCount, consumeOnly, raw, publisherConfig);
            }
        } finally {
            redisson.shutdown();
        }
        report.environment("Load average (1/5/15 min) at end:   " + loadAverage());
        return printed(report, start);
    }

    /** Only the publish → handled latency (4th argument {@code latency}), e.g. to look at it with GC logging. */
    static int latencyOnly() throws Exception {
        LocalRedis redis = LocalRedis.resolve();
        RedissonClient redisson = redis.newClient();
        Report report = new Report();
        CpuTimes start = CpuTimes.now();
        try (RunKeys keys = new RunKeys(redisson); PeerClients peers = new PeerClients(redis.redisUrl())) {
            RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("bench").build());
            String eventName = keys.eventName();
            List<LatencySubject> subjects = latencySubjects(redisson, publisher, RunEventType.named(eventName),
                    eventName, keys, peers);
            Rounds.progress("  a first run of each to warm the JIT up (a full run measures latency after its other "
                    + "rows):");
            subjects.forEach(subject -> latency(new Report(), subject));
            latencyRows(report, latencies(report, subjects));
        } finally {
            redisson.shutdown();
        }
        return printed(report, start);
    }

    /** Prints the report, with the CPU time split since {@code start}; the exit status (2: a target missed). */
    private static int printed(Report report, CpuTimes start) {
        report.environment("During the run (/proc/stat): " + CpuTimes.now().since(start));
        report.print(System.out);
        return report.anyTargetMissed() ? 2 : 0;
    }

    /** Ours first (its p99 has the target), then the plain Lettuce floor on the same schedule. */
    private static List<LatencySubject> latencySubjects(RedissonClient redisson, RedisPublisher publisher,
                                                        RunEventType events, String eventName, RunKeys keys,
                                                        PeerClients peers) {
        return List.of(new OurLatencySubject(redisson, publisher, events, eventName, keys),
                new LettuceLatencySubject(peers, publisher, events, keys.key("peer-latency"), keys));
    }

    /** The consume rows and latency (and, unless consume only, the publish diagnostics measured after them). */
    private static void consumeRows(Report report, Rounds rounds, int n, RedissonClient redisson,
                                    RedisPublisher publisher, RunEventType events, String eventName, RunKeys keys,
                                    PeerClients peers, PeerEntry entry, ConsumerConfig.Builder consumerConfig,
                                    ConsumerConfig consumerDefaults, int otherCount, boolean consumeOnly,
                                    RawPublish raw, PublisherConfig publisherConfig) throws Exception {
        { // the body as it was inside run()
            OurConsume consume = new OurConsume(redisson, publisher, events, eventName, keys, consumerConfig);
            String rawStream = keys.key("raw-consume");
            RawConsume rawConsume = new RawConsume(redisson, new RawPublish(redisson, entry.fields(), rawStream, keys),
                    rawStream, keys);
            String peerStream = keys.key("peer-consume");
            PeerConsume peerConsume = new PeerConsume(peers, entry,
                    new RawPublish(redisson, entry.fields(), peerStream, keys), peerStream, keys);
            OurConsume consumeOther = new OurConsume(redisson, publisher, events, eventName, keys,
                    ConsumerConfig.builder().batchSize(otherCount));
            List<Rounds.Named> consumeTrials = List.of(
                    new Rounds.Named("consume", String.format(Locale.ROOT,
                            "ours consume+decode+dispatch+ack (batchSize %d)", consumerDefaults.batchSize()),
                            consume.trial(n)),
                    new Rounds.Named("rawConsume", String.format(Locale.ROOT,
                            "raw Redisson readGroup+ack (COUNT %d, sequential)", RAW_READ_COUNT),
                            rawConsume.trial(n, RAW_READ_COUNT)),
                    new Rounds.Named("lettuceConsume", String.format(Locale.ROOT,
                            "Lettuce XREADGROUP %d+decode+XACK/batch", RAW_READ_COUNT),
                            peerConsume.lettuceLoop(n, RAW_READ_COUNT)),
                    new Rounds.Named("springConsume", "Spring container+decode+ack/msg (defaults)",
                            peerConsume.springContainer(n)),
                    new Rounds.Named("consumeOther", String.format(Locale.ROOT,
                            "diag: ours consume, batchSize %d instead of %d", otherCount, consumerDefaults.batchSize()),
                            consumeOther.trial(n)));
            // the diagnostic batchSize row joins the interleaving only when consume is all this run measures
            measureInterleaved(report, rounds, consumeOnly ? consumeTrials
                    : consumeTrials.stream().filter(t -> !t.id().equals("consumeOther")).toList());
            List<EndToEndLatency.Result> latency = latencies(report,
                    latencySubjects(redisson, publisher, events, eventName, keys, peers));

            // diagnostics: not targets, they split our cost into transport shape and CPU
            if (!consumeOnly) {
                measure(report, rounds, "rawPipelined", String.format(Locale.ROOT,
                        "diag: raw RBatch (%d/batch, sequential, no encode)", publisherConfig.batchSize()),
                        raw.batches(n, publisherConfig.batchSize(), 1));
                Rounds.Named other = consumeTrials.get(consumeTrials.size() - 1);
                measure(report, rounds, other.id(), other.label(), other.trial());
                codecCosts(report, publisher, events, Math.min(n, 50_000));
                publishRatios(report);
            }
            consumeRatios(report, otherCount, latency);
        }
    }

    /** Ours, the Java peers (issue 15) and redis-benchmark over one connection. */
    private static void publishRows(Report report, Rounds rounds, int n, OurPublish ours,
                                    PublisherConfig publisherConfig, RawPublish raw, PeerPublish peer,
                                    LocalRedis redis, RunKeys keys) {
        int oneByOne = Math.min(n, ONE_BY_ONE_MAX);
        List<Rounds.Named> trials = new ArrayList<>(List.of(
                new Rounds.Named("publish", String.format(Locale.ROOT, "ours publish, one by one (%,d)", oneByOne),
                        ours.oneByOne(oneByOne)),
                new Rounds.Named("publishThreads", String.format(Locale.ROOT,
                        "ours publish (sync) from %d threads at once", PUBLISH_THREADS),
                        ours.threads(n, PUBLISH_THREADS)),
                new Rounds.Named("publishAll", String.format(Locale.ROOT,
                        "ours publishAll (%d/batch, one script call per run of a stream)",
                        publisherConfig.batchSize()), ours.all(n)),
                new Rounds.Named("publishAsync", String.format(Locale.ROOT, "ours publishAsync (%,d in flight)",
                        ASYNC_IN_FLIGHT), ours.async(n, ASYNC_IN_FLIGHT)),
                new Rounds.Named("rawPublish", String.format(Locale.ROOT,
                        "raw Redisson RBatch (%,d XADDs, sequential)", RAW_BATCH), raw.batches(n, RAW_BATCH, 1)),
                new Rounds.Named("springPipelined", String.format(Locale.ROOT,
                        "Spring executePipelined (%,d XADDs, sequential)", RAW_BATCH),
                        peer.springPipelined(n, RAW_BATCH)),
                new Rounds.Named("lettuceFlushed", String.format(Locale.ROOT,
                        "Lettuce async, flush every %,d (sequential)", RAW_BATCH), peer.lettuceFlushed(n, RAW_BATCH)),
                new Rounds.Named("lettuceThreads", String.format(Locale.ROOT,
                        "Lettuce sync XADD from %d threads, one shared connection", PUBLISH_THREADS),
                        peer.lettuceSyncThreads(n, PUBLISH_THREADS)),
                new Rounds.Named("jedisThreads", String.format(Locale.ROOT,
                        "Jedis pool, sync XADD from %d threads, a connection each", PUBLISH_THREADS),
                        peer.jedisPooledThreads(n, PUBLISH_THREADS)),
                new Rounds.Named("springOneByOne", String.format(Locale.ROOT,
                        "Spring opsForStream().add, one by one (%,d)", oneByOne), peer.springOneByOne(oneByOne)),
                new Rounds.Named("lettuceOneByOne", String.format(Locale.ROOT,
                        "Lettuce sync xadd, one by one (%,d)", oneByOne), peer.lettuceOneByOne(oneByOne)),
                new Rounds.Named("jedisOneByOne", String.format(Locale.ROOT,
                        "Jedis xadd, one by one (%,d)", oneByOne), peer.jedisOneByOne(oneByOne)),
                new Rounds.Named("redissonOneByOne", String.format(Locale.ROOT,
                        "diag: Redisson RedisConnection.sync XADD, one by one (%,d)", oneByOne),
                        raw.oneByOneOnConnection(redis.redisUrl(), oneByOne)),
                new Rounds.Named("handOffFloor", String.format(Locale.ROOT,
                        "diag: %d sync threads handing off to one thread, no Redis", PUBLISH_THREADS),
                        HandOffFloor.trial(n, PUBLISH_THREADS))));

        String benchmark = RedisBenchmarkXadd.executable();
        if (benchmark != null) {
            RedisBenchmarkXadd xadd = new RedisBenchmarkXadd(redis.redisUrl(), keys.key("redis-benchmark"), keys,
                    raw.fields());
            trials.add(new Rounds.Named("redisBenchmark", "redis-benchmark XADD -c 1 -P 64",
                    xadd.trial(benchmark, n, 1, 64)));
            trials.add(new Rounds.Named("redisBenchmarkP1", String.format(Locale.ROOT,
                    "redis-benchmark XADD -c 1 -P 1 (%,d)", oneByOne), xadd.trial(benchmark, oneByOne, 1, 1)));
        } else {
            report.note("skipped: redis-benchmark missing (not on PATH): its baselines and the targets against them "
                    + "are n/a.");
        }
        measureInterleaved(report, rounds, trials);
    }

    private static void publishRatios(Report report) {
        report.ratio("ours publishAll / raw RBatch", "publishAll", "rawPublish", 1.5);
        report.ratioToBest("ours publishAll / best Java peer batch", "publishAll",
                List.of("rawPublish", "springPipelined", "lettuceFlushed"), 1.2);
        report.ratio("ours publishAll / redis-benchmark -c 1 -P 64", "publishAll", "redisBenchmark", 0.5);
        report.ratio(String.format(Locale.ROOT, "ours publish from %d threads / ours publishAll", PUBLISH_THREADS),
                "publishThreads", "publishAll", 0.5);
        report.ratio(String.format(Locale.ROOT, "ours publish from %d threads / Lettuce sync from %d threads",
                PUBLISH_THREADS, PUBLISH_THREADS), "publishThreads", "lettuceThreads", null);
        report.ratio(String.format(Locale.ROOT, "ours publish from %d threads / Jedis pool from %d threads",
                PUBLISH_THREADS, PUBLISH_THREADS), "publishThreads", "jedisThreads", null);
        report.ratio(String.format(Locale.ROOT, "diag %d-thread hand-off floor (no Redis) / ours publishAll",
                PUBLISH_THREADS), "handOffFloor", "publishAll", null);
        report.ratio(String.format(Locale.ROOT, "ours publish from %d threads / diag hand-off floor",
                PUBLISH_THREADS), "publishThreads", "handOffFloor", null);
        report.ratio("ours publishAsync / ours publishAll", "publishAsync", "publishAll", 0.8);
        report.ratio("ours publish one by one / redis-benchmark -c 1 -P 1", "publish", "redisBenchmarkP1", 0.6);
        report.ratio("ours publish one by one / Spring add one by one", "publish", "springOneByOne", null);
        report.ratio("ours publish one by one / Lettuce sync one by one", "publish", "lettuceOneByOne", null);
        report.ratio("ours publish one by one / Jedis one by one", "publish", "jedisOneByOne", null);
        report.ratio("ours publish one by one / diag Redisson connection one by one", "publish", "redissonOneByOne",
                null);
        report.ratio("Lettuce sync one by one / redis-benchmark -c 1 -P 1", "lettuceOneByOne", "redisBenchmarkP1",
                null);
        report.ratio("Jedis one by one / redis-benchmark -c 1 -P 1", "jedisOneByOne", "redisBenchmarkP1", null);
        report.ratio("diag Redisson connection one by one / redis-benchmark -c 1 -P 1", "redissonOneByOne",
                "redisBenchmarkP1", null);
        report.ratio("raw RBatch / redis-benchmark -c 1 -P 64", "rawPublish", "redisBenchmark", null);
        report.ratio("ours publishAll / diag raw RBatch same pipelining", "publishAll", "rawPipelined", null);
    }

    private static void consumeRatios(Report report, int otherCount, List<EndToEndLatency.Result> latency) {
        report.ratio("ours consume / raw Redisson readGroup+ack", "consume", "rawConsume", 1.0);
        report.ratio("ours consume / Lettuce loop (aim 1.2)", "consume", "lettuceConsume", 1.0);
        report.ratio("ours consume / Spring container", "consume", "springConsume", 10.0);
        report.spread("ours consume: spread between rounds", "consume", 25);
        latencyRows(report, latency);
        report.ratio(String.format(Locale.ROOT, "diag ours consume COUNT %d / raw readGroup+ack", otherCount),
                "consumeOther", "rawConsume", null);
    }

    /**
     * The latency figures of each subject: p50 (with max and how far the publisher fell behind) and p99; ours (the
     * first) against its target, the others as the floor this machine allows.
     */
    private static void latencyRows(Report report, List<EndToEndLatency.Result> results) {
        for (int k = 0; k < results.size(); k++) {
            EndToEndLatency.Result latency = results.get(k);
            if (latency == null) {
                continue;
            }
            String what = String.format(Locale.ROOT, "latency at %,d/s, %s", latency.rate(), latency.label());
            report.figure(String.format(Locale.ROOT, "%-72s %6.2f ms  (max %.2f ms, %,d events; publisher at "
                            + "worst %.2f ms behind schedule)", what + ": p50", latency.p50Millis(),
                    latency.maxMillis(), latency.events(), latency.publisherBehindMillis()));
            if (k == 0) {
                report.atMost(what + ": p99", latency.p99Millis(), "ms", LATENCY_P99_MILLIS);
            } else {
                report.figure(String.format(Locale.ROOT, "%-72s %6.2f ms", what + ": p99", latency.p99Millis()));
            }
        }
    }

    /** Each subject's latency, in order (null where it failed). */
    private static List<EndToEndLatency.Result> latencies(Report report, List<LatencySubject> subjects) {
        return subjects.stream().map(subject -> latency(report, subject)).toList();
    }

    /** Publish → handled at {@value #LATENCY_RATE}/s, default consumer settings; null (and a MISS) on failure. */
    private static EndToEndLatency.Result latency(Report report, LatencySubject subject) {
        String what = String.format(Locale.ROOT, "latency at %,d/s, %s", LATENCY_RATE, subject.label());
        try {
            Rounds.progress("  %s: %d s warm-up, %d s measured", what, LATENCY_WARM_UP.toSeconds(),
                    LATENCY_MEASURED.toSeconds());
            EndToEndLatency.Result r = EndToEndLatency.measure(subject, LATENCY_RATE, LATENCY_WARM_UP,
                    LATENCY_MEASURED);
            Rounds.progress("  %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms, publisher at worst %.2f ms behind", what,
                    r.p50Millis(), r.p99Millis(), r.maxMillis(), r.publisherBehindMillis());
            return r;
        } catch (Exception | Error e) {
            Rounds.progress("  %s failed: %s", what, e);
            report.unmeasured(what, e);
            return null;
        }
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

    /**
     * The trials round after round, interleaved ({@link Rounds#interleaved}): each ratio then compares figures taken
     * in the same minutes of a shared box. If one trial fails, each is measured on its own instead, so a broken peer
     * costs only its own rows.
     */
    private static void measureInterleaved(Report report, Rounds rounds, List<Rounds.Named> trials) {
        try {
            rounds.interleaved(trials).forEach(report::add);
        } catch (Exception | Error e) {
            Rounds.progress("  interleaved rounds failed (%s): each trial on its own", e);
            trials.forEach(t -> measure(report, rounds, t.id(), t.label(), t.trial()));
        }
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
    public static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
    }
}
