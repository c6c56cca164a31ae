package dev.streambus.cli.archive;

import dev.streambus.archive.StreamPurger;
import dev.streambus.cli.RedisCommand;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code streamer:purge}: deletes old entries (XDEL). */
@Command(name = "purge", description = "Deletes stream entries older than an age.")
public final class PurgeCommand extends RedisCommand {

    @Mixin
    AgeOptions age;

    @Override
    protected int run(RedissonClient redisson) {
        return AgeOptions.report(new StreamPurger(redisson).purgeOlderThan(age.streams, age.olderThan, root.clock()),
                "purged", out(), err());
    }
}
