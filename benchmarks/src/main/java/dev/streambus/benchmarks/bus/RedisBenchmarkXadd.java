package dev.streambus.benchmarks.bus;

import dev.streambus.redis.connect.RedisUrl;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reference: {@code redis-benchmark -c C -n N -P P -q XADD <key> '*' <field> <value> ...} with the same Laravel
 * entry every other row writes ({@link PeerEntry}; {@code C} clients, {@code P} commands pipelined per client: the
 * server's own XADD rate over one or more connections, no JVM at all).
 * Its requests/s is parsed from the output. The password, if any, is passed with {@code -a} and never printed.
 */
final class RedisBenchmarkXadd {

    private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) requests per second");

    private final RedisUrl url;
    private final String key;
    private final RunKeys keys;
    private final Map<String, String> fields;

    RedisBenchmarkXadd(RedisUrl url, String key, RunKeys keys, Map<String, String> fields) {
        this.url = url;
        this.key = key;
        this.keys = keys;
        this.fields = fields;
    }

    /** The redis-benchmark executable on PATH, or null. */
    static String executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, "redis-benchmark");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    Rounds.Trial trial(String executable, int n, int clients, int pipeline) {
        return () -> {
            int count = n;
            try {
                double rate = run(executable, count, clients, pipeline);
                return new Rounds.Timed(count, Math.round(count * 1e9 / rate));
            } finally {
                keys.delete(key);
            }
        };
    }

    private double run(String executable, int n, int clients, int pipeline) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(executable, "-h", url.host(), "-p", Integer.toString(url.port())));
        if (url.username() != null) {
            cmd.addAll(List.of("--user", url.username()));
        }
        if (url.password() != null) {
            cmd.addAll(List.of("-a", url.password()));
        }
        if (url.database() != 0) {
            cmd.addAll(List.of("--dbnum", Integer.toString(url.database())));
        }
        if (url.tls()) {
            cmd.add("--tls");
        }
        cmd.addAll(List.of("-c", Integer.toString(clients), "-n", Integer.toString(n),
                "-P", Integer.toString(pipeline), "-q", "XADD", key, "*"));
        fields.forEach((field, value) -> {
            cmd.add(field);
            cmd.add(value);
        });
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("redis-benchmark did not finish");
        }
        Matcher m = RATE.matcher(out);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (p.exitValue() != 0 || last == null) {
            String shown = url.password() == null ? out : out.replace(url.password(), "***");
            throw new IllegalStateException("redis-benchmark failed (exit " + p.exitValue() + "): " + shown.strip());
        }
        return Double.parseDouble(last);
    }
}
