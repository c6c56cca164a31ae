package dev.streambus.cli.ops;

import dev.streambus.cli.AsciiTable;
import dev.streambus.cli.DeadLetterSuffixOption;
import dev.streambus.cli.RedisCommand;
import dev.streambus.ops.BusInspector;
import dev.streambus.permission.PermissionCheck;
import dev.streambus.permission.RequiredPermissions;
import dev.streambus.ops.ConsumerStatus;
import dev.streambus.ops.GroupStatus;
import dev.streambus.ops.StreamStatus;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Per stream and group: length, lag ({@code ?} when Redis does not know it), pending, consumers, the smallest consumer
 * idle time, dead letters. Read-only.
 */
@Command(name = "status", description = "Shows streams, consumer groups, lag, pending entries and dead letters.")
public final class StatusCommand extends RedisCommand {

    @Mixin
    DeadLetterSuffixOption deadLetters;

    @Parameters(arity = "0..*", paramLabel = "<stream>", description = "Streams (default: all, see --match).")
    List<String> streams;

    @Option(names = "--match", defaultValue = "*", description = "Glob of the streams to show (default: ${DEFAULT-VALUE}).")
    String match;

    @Override
    protected int run(RedissonClient redisson) {
        BusInspector inspector = new BusInspector(redisson, deadLetters.suffix());
        List<String> names = streams == null || streams.isEmpty() ? inspector.discoverStreams(match) : streams;
        new PermissionCheck(redisson, RequiredPermissions.status(names, deadLetters.suffix())).verify();
        List<List<String>> rows = new ArrayList<>();
        for (StreamStatus s : inspector.status(names)) {
            String length = s.exists() ? Long.toString(s.length()) : "(none)";
            if (s.groups().isEmpty()) {
                rows.add(List.of(s.stream(), length, "-", "-", "-", "-", "-", Long.toString(s.deadLetters())));
            }
            for (GroupStatus g : s.groups()) {
                rows.add(List.of(s.stream(), length, g.name(), optional(g.lag()), Long.toString(g.pending()),
                        Long.toString(g.consumerCount()), idle(g.consumers()), Long.toString(s.deadLetters())));
            }
        }
        if (rows.isEmpty()) {
            print(List.of("No streams"));
            return 0;
        }
        print(AsciiTable.render(List.of("Stream", "Length", "Group", "Lag", "Pending", "Consumers", "Idle",
                "Dead letters"), rows));
        return 0;
    }

    private static String optional(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "?";
    }

    /** The least idle consumer's idle time, e.g. {@code 850 ms}, {@code 12 s}, {@code 3 min}; {@code -} for none. */
    static String idle(List<ConsumerStatus> consumers) {
        long min = consumers.stream().mapToLong(ConsumerStatus::idleMillis).min().orElse(-1);
        if (min < 0) {
            return "-";
        }
        if (min < 1_000) {
            return min + " ms";
        }
        if (min < 120_000) {
            return min / 1_000 + " s";
        }
        if (min < 7_200_000) {
            return min / 60_000 + " min";
        }
        return min / 3_600_000 + " h";
    }
}
