package dev.streambus.cli;

import dev.streambus.deadletter.RedisDeadLetters;
import picocli.CommandLine.Option;

/** {@code --dead-letter-suffix}: where dead letters are, for the commands that read or write them. */
public final class DeadLetterSuffixOption {

    @Option(names = "--dead-letter-suffix", paramLabel = "<suffix>", defaultValue = RedisDeadLetters.DEFAULT_SUFFIX,
            description = "Dead letters of stream s are in {s}<suffix>, or s<suffix> for a hash-tagged s; earlier "
                    + "s<suffix> streams are still read (default: ${DEFAULT-VALUE})")
    String deadLetterSuffix;

    public String suffix() {
        return deadLetterSuffix;
    }
}
