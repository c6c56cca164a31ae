package dev.streambus.cli.failed;

import dev.streambus.cli.FailedKeyOption;
import dev.streambus.cli.ModuleOptions;
import dev.streambus.cli.RedisCommand;
import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.failed.FailedMessageRetrier;
import dev.streambus.failed.FailedMessages;
import dev.streambus.failed.FailureFilter;
import dev.streambus.failed.RetryOutcome;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code streamer:failed:retry}: runs the named listener again on each selected record's entry. A record is removed
 * only when the retry succeeded; exit code 1 when any retry failed (PHP always exits 0 and drops the old record).
 */
@Command(name = "failed:retry", description = "Retries failed messages with the listeners that failed them.")
public final class FailedRetryCommand extends RedisCommand {

    @Option(names = "--all", description = "Retry every failed message.")
    boolean all;

    @Option(names = "--id", description = "Only messages with this entry id.")
    String id;

    @Option(names = "--stream", description = "Only messages of this stream (event name).")
    String stream;

    @Option(names = "--receiver", description = "Only messages that failed in this listener.")
    String receiver;

    @Mixin
    ModuleOptions modules;

    @Mixin
    FailedKeyOption failedKey;

    @Override
    protected void validate() {
        if (!all && id == null && stream == null && receiver == null) {
            throw usage("No retry option has been selected: use --all or at least one of --id, --stream, --receiver");
        }
    }

    @Override
    protected int run(RedissonClient redisson) {
        FailedMessages failures = new FailedMessages(redisson, failedKey.key());
        if (failures.count() == 0) {
            print(List.of("There are no failed messages to retry."));
            return 0;
        }
        FailureFilter filter = all ? FailureFilter.all() : new FailureFilter(id, stream, receiver);
        List<RetryOutcome> outcomes = new FailedMessageRetrier(redisson, failures, listeners(redisson, modules)).retry(filter);
        if (outcomes.isEmpty()) {
            print(List.of("There are no failed messages matching your criteria."));
            return 0;
        }
        int failed = 0;
        for (RetryOutcome outcome : outcomes) {
            FailedMessage f = outcome.record().failure();
            if (outcome.retried()) {
                out().printf("Successfully retried [%s] on %s stream by [%s] listener%n", f.id(), f.stream(),
                        f.receiver());
            } else {
                failed++;
                err().printf("Message [%s] on %s stream by [%s] listener was not retried: %s%n", f.id(), f.stream(),
                        f.receiver(), outcome.detail());
            }
        }
        out().flush();
        err().flush();
        return failed == 0 ? 0 : 1;
    }
}
