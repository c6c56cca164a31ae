package dev.streambus.cli.ops;

import dev.streambus.cli.DeadLetterSuffixOption;
import dev.streambus.cli.RedisCommand;
import dev.streambus.deadletter.DeadLetterStore;
import dev.streambus.deadletter.ReplayResult;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** Puts dead letters back on their stream (new id, {@code original_id}); see {@link DeadLetterStore#replay}. */
@Command(name = "dlq:replay", description = "Replays dead letters onto their stream.")
public final class DlqReplayCommand extends RedisCommand {

    @Mixin
    DeadLetterSuffixOption deadLetters;

    @Parameters(index = "0", paramLabel = "<stream>")
    String stream;

    @Option(names = "--id", split = ",", description = "Dead-letter ids to replay (comma separated).")
    List<String> ids;

    @Option(names = "--all", description = "Replay every dead letter parked so far.")
    boolean all;

    @Override
    protected void validate() {
        if (all == (ids != null && !ids.isEmpty())) {
            throw usage("use either --all or --id");
        }
    }

    @Override
    protected int run(RedissonClient redisson) {
        DeadLetterStore store = new DeadLetterStore(redisson, deadLetters.suffix());
        ReplayResult result = all ? store.replayAll(stream) : store.replay(stream, ids);
        result.replayed().forEach(r -> out().printf("Replayed dead letter %s (original %s) onto '%s' as %s%n",
                r.deadLetterId(), r.originalId(), stream, r.newId()));
        result.notReplayed().forEach((id, why) -> err().printf("Dead letter %s not replayed: %s%n", id, why));
        out().printf("Total of %d replayed.%n", result.replayed().size());
        out().flush();
        err().flush();
        return result.notReplayed().isEmpty() ? 0 : 1;
    }
}
