package dev.streambus.cli;

import org.redisson.api.RedissonClient;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process against a shared Redis client, capturing stdout and stderr. */
final class Cli {

    record Result(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final RedissonClient shared;
    private final Map<String, String> env;
    private final Clock clock;

    Cli(RedissonClient shared, Map<String, String> env, Clock clock) {
        this.shared = shared;
        this.env = env;
        this.clock = clock;
    }

    /** Commands get the shared client (the URL is not used). */
    Result run(String... args) {
        return run(new RedisConnector() {
            @Override
            public RedissonClient connect(String url) {
                return shared;
            }

            @Override
            public void release(RedissonClient client) {
            }
        }, args);
    }

    Result run(RedisConnector connector, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = StreamBusCli.commandLine(new StreamBusCli(env::get, clock, connector));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static String[] args(String first, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
