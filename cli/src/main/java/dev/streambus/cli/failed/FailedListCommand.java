package dev.streambus.cli.failed;

import dev.streambus.cli.AsciiTable;
import dev.streambus.cli.FailedKeyOption;
import dev.streambus.cli.RedisCommand;
import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.failed.FailedMessages;
import dev.streambus.failed.StoredFailure;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code streamer:failed:list}: the failure records, oldest first, as artisan's table. */
@Command(name = "failed:list", description = "Lists all failed stream messages with their errors.")
public final class FailedListCommand extends RedisCommand {

    @Mixin
    FailedKeyOption failedKey;

    @Option(names = "--compact", description = "Only IDs, stream names and errors.")
    boolean compact;

    @Override
    protected int run(RedissonClient redisson) {
        List<StoredFailure> failures = new FailedMessages(redisson, failedKey.key()).list();
        if (failures.isEmpty()) {
            print(List.of("No failed messages"));
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (StoredFailure stored : failures) {
            FailedMessage f = stored.failure();
            rows.add(compact ? List.of(f.id(), f.stream(), f.error())
                    : List.of(f.id(), f.stream(), f.receiver(), f.error(), FailedMessage.PHP_DATE.format(f.date())));
        }
        print(AsciiTable.render(compact ? List.of("ID", "Stream", "Error")
                : List.of("ID", "Stream", "Receiver", "Error", "Date"), rows));
        return 0;
    }
}
