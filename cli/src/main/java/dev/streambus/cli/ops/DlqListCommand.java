package dev.streambus.cli.ops;

import dev.streambus.cli.AsciiTable;
import dev.streambus.cli.DeadLetterSuffixOption;
import dev.streambus.cli.RedisCommand;
import dev.streambus.deadletter.DeadLetterStore;
import dev.streambus.deadletter.StoredDeadLetter;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** The oldest dead letters of a stream. Read-only. */
@Command(name = "dlq:list", description = "Lists a stream's dead letters, oldest first.")
public final class DlqListCommand extends RedisCommand {

    @Mixin
    DeadLetterSuffixOption deadLetters;

    @Parameters(index = "0", paramLabel = "<stream>")
    String stream;

    @Option(names = "--count", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    protected void validate() {
        if (count < 1) {
            throw usage("--count must be >= 1");
        }
    }

    @Override
    protected int run(RedissonClient redisson) {
        List<StoredDeadLetter> letters = new DeadLetterStore(redisson, deadLetters.suffix()).list(stream, count);
        if (letters.isEmpty()) {
            print(List.of("No dead letters of '" + stream + "'"));
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (StoredDeadLetter l : letters) {
            rows.add(List.of(l.id(), l.originalId(), l.group() == null ? "-" : l.group(), Long.toString(l.deliveries()),
                    l.reason(), l.at() == null ? "?" : l.at().toString()));
        }
        print(AsciiTable.render(List.of("ID", "Original ID", "Group", "Deliveries", "Reason", "At"), rows));
        return 0;
    }
}
