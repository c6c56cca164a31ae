package dev.streambus.cli.archive;

import dev.streambus.archive.StreamArchiver;
import dev.streambus.cli.RedisCommand;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code streamer:archive}: moves old entries into the archive storage. */
@Command(name = "archive", description = "Archives stream entries older than an age: removed from the stream, "
        + "kept in the archive storage.")
public final class ArchiveCommand extends RedisCommand {

    @Mixin
    AgeOptions age;

    @Mixin
    ArchiveStorageOption storage;

    @Override
    protected int run(RedissonClient redisson) {
        StreamArchiver archiver = new StreamArchiver(redisson, ArchiveStorages.open(root, storage), root.clock());
        return AgeOptions.report(archiver.archiveOlderThan(age.streams, age.olderThan, root.clock()), "archived",
                out(), err());
    }
}
