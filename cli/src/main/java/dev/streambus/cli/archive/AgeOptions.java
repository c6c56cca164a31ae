package dev.streambus.cli.archive;

import dev.streambus.archive.EntryOutcome;
import dev.streambus.archive.OlderThan;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code --streams} and {@code --older_than}, shared by {@code archive} and {@code purge}. */
public final class AgeOptions {

    @Option(names = "--streams", required = true, split = ",", paramLabel = "<stream>",
            description = "Streams to process, comma separated.")
    List<String> streams;

    @Option(names = "--older_than", required = true, paramLabel = "<age>", converter = AgeConverter.class,
            description = "How old entries must be (by their 'created' field): e.g. '60 min', '1 day', '2 weeks'.")
    OlderThan olderThan;

    /** Picocli converter: a bad age is a usage error. */
    static final class AgeConverter implements ITypeConverter<OlderThan> {
        @Override
        public OlderThan convert(String value) {
            return OlderThan.parse(value);
        }
    }

    /** Prints PHP's per-entry lines and total; returns the exit code (1 when an entry failed). */
    static int report(List<EntryOutcome> outcomes, String verb, PrintWriter out, PrintWriter err) {
        int failed = 0;
        for (EntryOutcome o : outcomes) {
            if (o.done()) {
                out.printf("Message [%s] has been %s from the '%s' stream.%n", o.id(), verb, o.stream());
            } else {
                failed++;
                err.printf("Message [%s] from the '%s' stream could not be %s. Error: %s%n", o.id(), o.stream(), verb,
                        o.error());
            }
        }
        int processed = outcomes.size();
        out.printf("Total of %d %s processed.%n", processed, processed == 1 ? "message" : "messages");
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }
}
