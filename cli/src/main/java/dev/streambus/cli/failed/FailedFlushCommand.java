package dev.streambus.cli.failed;

import dev.streambus.cli.FailedKeyOption;
import dev.streambus.cli.RedisCommand;
import dev.streambus.failed.FailedMessages;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** {@code streamer:failed:flush}: removes every failure record. */
@Command(name = "failed:flush", description = "Removes all failed messages (the stream entries stay).")
public final class FailedFlushCommand extends RedisCommand {

    @Mixin
    FailedKeyOption failedKey;

    @Override
    protected int run(RedissonClient redisson) {
        int removed = new FailedMessages(redisson, failedKey.key()).flush();
        print(List.of("Flushed " + removed + " failed " + (removed == 1 ? "message." : "messages.")));
        return 0;
    }
}
