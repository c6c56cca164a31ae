package dev.streambus.cli.ops;

import dev.streambus.cli.RedisCommand;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Map;

/**
 * A read-only live view of a stream, like {@code tail -f}: one line per entry ({@code <id> <name> <data>}), until
 * Ctrl-C or {@code --count} entries. Plain XREAD: no group, nothing acknowledged or changed.
 */
@Command(name = "tail", description = "Prints a stream's entries as they arrive (read-only).")
public final class TailCommand extends RedisCommand {

    @Parameters(index = "0", paramLabel = "<stream>")
    String stream;

    @Option(names = "--count", paramLabel = "<n>", description = "Stop after this many entries.")
    Long count;

    @Option(names = "--from", defaultValue = "$", paramLabel = "<id>",
            description = "Start after this id: $ = new entries only (default), 0-0 = the whole stream.")
    String from;

    @Override
    protected void validate() {
        if (!"$".equals(from)) {
            try {
                EntryId.parse(from);
            } catch (IllegalArgumentException e) {
                throw usage("--from: " + e.getMessage());
            }
        }
        if (count != null && count < 1) {
            throw usage("--count must be >= 1");
        }
    }

    @Override
    protected int run(RedissonClient redisson) {
        RStream<String, String> tailed = new RedisStreams(redisson).stream(stream);
        StreamMessageId after = "$".equals(from) ? lastId(tailed) : EntryId.parse(from);
        long printed = 0;
        while (!Thread.currentThread().isInterrupted()) {
            Map<StreamMessageId, Map<String, String>> read = tailed.read(StreamReadArgs.greaterThan(after)
                    .count(100).timeout(Duration.ofMillis(500)));
            if (read == null) {
                continue;
            }
            for (Map.Entry<StreamMessageId, Map<String, String>> entry : read.entrySet()) {
                Map<String, String> fields = entry.getValue();
                out().printf("%s %s %s%n", EntryId.format(entry.getKey()), fields.getOrDefault("name", "-"),
                        fields.getOrDefault("data", fields.toString()));
                after = entry.getKey();
                if (count != null && ++printed >= count) {
                    out().flush();
                    return 0;
                }
            }
            out().flush();
        }
        return 0;
    }

    private static StreamMessageId lastId(RStream<String, String> stream) {
        if (!stream.isExists()) {
            return new StreamMessageId(0, 0);
        }
        Map<StreamMessageId, Map<String, String>> last = stream.rangeReversed(1, StreamMessageId.MAX,
                StreamMessageId.MIN);
        return last.isEmpty() ? new StreamMessageId(0, 0) : last.keySet().iterator().next();
    }
}
