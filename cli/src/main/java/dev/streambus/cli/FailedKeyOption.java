package dev.streambus.cli;

import dev.streambus.compat.failed.FailedMessage;
import picocli.CommandLine.Option;

/** {@code --failed-key}: the SET of failure records, for the commands that read or write it. */
public final class FailedKeyOption {

    @Option(names = "--failed-key", paramLabel = "<key>", defaultValue = FailedMessage.SET_KEY,
            description = "The failed-messages SET (default: ${DEFAULT-VALUE})")
    String failedKey;

    public String key() {
        return failedKey;
    }
}
