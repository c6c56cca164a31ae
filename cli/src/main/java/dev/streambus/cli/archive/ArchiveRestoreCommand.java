package dev.streambus.cli.archive;

import dev.streambus.archive.ArchiveStorage;
import dev.streambus.archive.ArchivedMessage;
import dev.streambus.archive.EntryOutcome;
import dev.streambus.archive.StreamArchiver;
import dev.streambus.cli.RedisCommand;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

/**
 * {@code streamer:archive:restore}: puts archived entries back with a new id and {@code original_id}. Unlike PHP it
 * does not ask for confirmation (restored entries trigger listeners again) and it keeps the entry's real type.
 */
@Command(name = "archive:restore", description = "Restores archived messages back onto their streams.")
public final class ArchiveRestoreCommand extends RedisCommand {

    @Option(names = "--all", description = "Restore every archived message.")
    boolean all;

    @Option(names = "--id", description = "Restore the message with this (archived) entry id; needs --stream.")
    String id;

    @Option(names = "--stream", description = "Restore the messages archived from this stream.")
    String stream;

    @Mixin
    ArchiveStorageOption storageOption;

    @Override
    protected void validate() {
        if (id != null && stream == null) {
            throw usage("To restore by ID, a stream name needs to be provided as well.");
        }
        if (!all && id == null && stream == null) {
            throw usage("At least one option must be used to restore the message.");
        }
    }

    @Override
    protected int run(RedissonClient redisson) {
        ArchiveStorage storage = ArchiveStorages.open(root, storageOption);
        List<ArchivedMessage> messages;
        if (all) {
            messages = storage.all();
        } else if (id != null) {
            Optional<ArchivedMessage> found = storage.find(stream, id);
            if (found.isEmpty()) {
                err().println("The message could not be found in archive storage.");
                err().flush();
                return 1;
            }
            messages = List.of(found.get());
        } else {
            messages = storage.findMany(stream);
        }
        int failed = 0;
        for (EntryOutcome o : new StreamArchiver(redisson, storage, root.clock()).restoreAll(messages)) {
            if (o.done()) {
                out().printf("Successfully restored [%s][%s] message. New ID: %s%n", o.stream(), o.id(), o.newId());
            } else {
                failed++;
                err().printf("Failed to restore [%s][%s] message. Error: %s%n", o.stream(), o.id(), o.error());
            }
        }
        out().flush();
        err().flush();
        return failed == 0 ? 0 : 1;
    }
}
