package dev.streambus.cli.listen;

import dev.streambus.archive.AfterAllListeners;
import dev.streambus.archive.StreamArchiver;
import dev.streambus.archive.StreamPurger;
import dev.streambus.cli.DeadLetterSuffixOption;
import dev.streambus.cli.FailedKeyOption;
import dev.streambus.cli.ModuleOptions;
import dev.streambus.cli.RedisCommand;
import dev.streambus.cli.archive.ArchiveStorageOption;
import dev.streambus.cli.archive.ArchiveStorages;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.ConsumerEvent;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.MessageListener;
import dev.streambus.deadletter.RedisDeadLetters;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.EntryId;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamer:listen}: consumes events with the module's listeners until Ctrl-C (or {@code --count}).
 *
 * <p>Differences from PHP, on purpose: an entry whose listener failed is recorded in {@code failed_stream} as in PHP
 * but, in a group, is <b>not</b> acknowledged: it is retried after {@code --reclaim} ms (default 30 s, and reclaiming
 * goes on while listening, not only at start) up to {@code --max-deliveries}, then dead-lettered. Redis errors never
 * end the consumer by themselves (it backs off and resumes); without {@code --keep-alive} the command stops at the
 * first one, as PHP does, and with it after {@code --max-attempts} of them.
 *
 * <p>{@code --last_id}: without a group, {@code 0} means new entries only (as in PHP, where {@code '0'} becomes
 * {@code $}), {@code 0-0} the whole stream, another id the entries after it. In a group, the group is created (if new)
 * at the whole history, as PHP creates it at {@code 0}; {@code --last_id} other than {@code 0} sets where a <i>new</i>
 * group starts instead (PHP would re-read the consumer's own pending entries after that id).
 */
@Command(name = "listen", description = "Listens for events on their streams and runs the module's listeners.")
public final class ListenCommand extends RedisCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "<events>",
            description = "Event name(s), comma separated.")
    String events;

    @Option(names = "--all", description = "Listen to every event the module has listeners for.")
    boolean all;

    @Option(names = "--group", description = "Consumer group; without it the streams are tailed (no acknowledgements).")
    String group;

    @Option(names = "--consumer", description = "Consumer name in the group (default: <group>-<unix time>).")
    String consumer;

    @Option(names = "--reclaim", paramLabel = "<ms>",
            description = "Pending entries idle this many milliseconds are claimed by this consumer (group only).")
    Long reclaimMillis;

    @Option(names = "--last_id", paramLabel = "<id>", description = "Where to start reading (see the docs).")
    String lastId;

    @Option(names = "--keep-alive", description = "Keep listening after Redis errors.")
    boolean keepAlive;

    @Option(names = "--max-attempts", paramLabel = "<n>",
            description = "With --keep-alive: give up after this many Redis errors.")
    Integer maxAttempts;

    @Option(names = "--max-deliveries", paramLabel = "<n>", defaultValue = "5",
            description = "Deliveries of a failing entry before it is dead-lettered (default: ${DEFAULT-VALUE}).")
    int maxDeliveries;

    @Option(names = "--purge", description = "Delete each entry all listeners handled successfully.")
    boolean purge;

    @Option(names = "--archive", description = "Archive each entry all listeners handled successfully.")
    boolean archive;

    @Option(names = "--count", paramLabel = "<n>",
            description = "Stop after handling exactly this many entries (only those are acknowledged).")
    Long count;

    @Mixin
    ModuleOptions modules;

    @Mixin
    FailedKeyOption failedKey;

    @Mixin
    DeadLetterSuffixOption deadLetterSuffix;

    @Mixin
    ArchiveStorageOption archiveStorage;

    @Override
    protected void validate() {
        if (!all && (events == null || events.isBlank())) {
            throw usage("Either \"events\" argument with list of events or \"--all\" option is required to start "
                    + "listening.");
        }
        if (reclaimMillis != null && group == null) {
            throw usage("--reclaim can only be used with --group");
        }
        if (reclaimMillis != null && reclaimMillis < 1) {
            throw usage("--reclaim must be a positive number of milliseconds");
        }
        if (consumer != null && group == null) {
            throw usage("--consumer can only be used with --group");
        }
        if (maxAttempts != null && maxAttempts < 0) {
            throw usage("--max-attempts must be >= 0");
        }
        if (count != null && count < 1) {
            throw usage("--count must be >= 1");
        }
        if (lastId != null && !"$".equals(lastId)) {
            try {
                EntryId.parse(lastId);
            } catch (IllegalArgumentException e) {
                throw usage("Invalid --last_id: " + e.getMessage()
                        + " (use 0, 0-0 or an entry id like 1700000000000-0)");
            }
        }
    }

    @Override
    protected int run(RedissonClient redisson) throws Exception {
        List<MessageListener> available = listeners(redisson, modules);
        Set<String> selected = new LinkedHashSet<>();
        if (all) {
            available.forEach(l -> selected.addAll(l.events()));
        } else {
            for (String event : events.split(",")) {
                if (!event.isBlank()) {
                    selected.add(event.trim());
                }
            }
        }
        Set<String> handled = new LinkedHashSet<>();
        available.forEach(l -> handled.addAll(l.events()));
        int missing = 0;
        for (String event : selected) {
            if (!handled.contains(event)) {
                err().println("There are no local listeners associated with '" + event + "' event in configuration.");
                missing++;
            }
        }
        err().flush();
        if (missing == selected.size()) {
            return 1;
        }
        List<MessageListener> listeners = new ArrayList<>();
        for (MessageListener listener : available) {
            MessageListener narrowed = SelectedEvents.narrow(listener, selected);
            if (narrowed != null) {
                listeners.add(narrowed);
            }
        }

        ConsumerConfig config = config();
        BlockingQueue<ConsumerEvent> events = new LinkedBlockingQueue<>();
        EventConsumer.Builder builder = EventConsumer.builder(redisson).config(config).listeners(listeners)
                .events(e -> {
                    if (e instanceof ConsumerEvent.RedisError) {
                        events.add(e);
                    }
                })
                .clock(root.clock()).failedSetKey(failedKey.key()).middleware(new ConsoleReport(out(), err()))
                .deadLetters(new ConsoleDeadLetters(new RedisDeadLetters(new RedisStreams(redisson),
                        config.deadLetterSuffix(), root.clock()), err()));
        if (count != null) {
            builder.stopAfter(count);
        }
        if (archive) {
            builder.afterAllListeners(AfterAllListeners.archive(
                    new StreamArchiver(redisson, ArchiveStorages.open(root, archiveStorage), root.clock())));
        } else if (purge) {
            builder.afterAllListeners(AfterAllListeners.purge(new StreamPurger(redisson)));
        }
        try (EventConsumer running = builder.build()) {
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown, "streambus-listen-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            running.start();
            try {
                return await(running, stop, events);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: close() below still runs
                }
            }
        }
    }

    private int await(EventConsumer running, CountDownLatch stop, BlockingQueue<ConsumerEvent> events)
            throws InterruptedException {
        long errorsSeen = 0;
        while (stop.getCount() > 0) {
            ConsumerEvent event = events.poll(100, TimeUnit.MILLISECONDS);
            if (count != null && running.stats().delivered() >= count) { // stopped reading; close() settles the last
                return 0;
            }
            if (!(event instanceof ConsumerEvent.RedisError)) {
                continue;
            }
            errorsSeen++;
            if (!keepAlive) {
                err().println("error: Redis failed while listening; stopping (use --keep-alive to go on)");
                err().flush();
                return 1;
            }
            if (maxAttempts != null && errorsSeen > maxAttempts) {
                err().println("error: Redis failed " + errorsSeen + " times while listening; giving up "
                        + "(--max-attempts " + maxAttempts + ")");
                err().flush();
                return 1;
            }
            err().println("Redis error while listening; resuming" + (maxAttempts == null ? ""
                    : " (attempts left: " + (maxAttempts - errorsSeen) + ")"));
            err().flush();
        }
        return 0;
    }

    private ConsumerConfig config() {
        ConsumerConfig.Builder config = ConsumerConfig.builder().block(Duration.ofMillis(500))
                .maxDeliveries(maxDeliveries).deadLetterSuffix(deadLetterSuffix.suffix());
        if (count != null) { // the first read brings no more than --count entries
            config.batchSize((int) Math.min(count, ConsumerConfig.Builder.DEFAULT_BATCH_SIZE));
        }
        if (group != null) {
            config.group(group).consumer(consumer != null ? consumer
                    : group + "-" + root.clock().millis() / 1000);
            if (reclaimMillis != null) {
                config.reclaimIdle(Duration.ofMillis(reclaimMillis));
            }
            if (lastId != null && !"0".equals(lastId)) {
                config.startFrom(lastId);
            }
        } else if (lastId != null) {
            config.startFrom("0".equals(lastId) ? "$" : lastId);
        }
        return config.build();
    }
}
