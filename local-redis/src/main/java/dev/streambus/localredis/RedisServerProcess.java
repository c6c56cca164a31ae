package dev.streambus.localredis;

import dev.streambus.redis.connect.RedisConnection;
import dev.streambus.redis.connect.RedisUrl;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.embedded.core.ExecutableProvider;

/**
 * A private {@code redis-server} process on a free loopback port, for tests that must stop, restart or reconfigure a
 * server (ACL users, {@code requirepass}) without touching the shared one.
 *
 * <p>Uses {@code redis-server} from {@code PATH}; if there is none, the binary bundled with embedded-redis (6.2).
 * Persistence is off ({@code save ""}, {@code appendonly no}); the working directory, config file (mode 600, holds
 * the password) and log live in a private temp directory deleted by {@link #close()}.
 *
 * <p>Guarantees: {@link #start()} and {@link #restart()} return only when the server answers PING (authenticated if a
 * password is set), or throw an {@link IllegalStateException} carrying the tail of the server log. {@link #restart()}
 * reuses the same port. Every still-running process is killed by a JVM shutdown hook. Not thread-safe.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.create().requirePass("s3cret").start()) {
 *     RedissonClient client = redis.newClient();
 *     ...
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisServerProcess.class);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration PING_TIMEOUT = Duration.ofMillis(500);
    private static final int START_ATTEMPTS = 3;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "redis-server-process-reaper"));
    }

    private final List<String> extraConfig = new ArrayList<>();
    private Path executable;
    private String password;
    private String launchedPassword;
    private Duration startTimeout = Duration.ofSeconds(10);
    private int port;
    private Path dir;
    private Process process;
    private boolean paused;

    private RedisServerProcess() {
    }

    /** A not-yet-started server; configure it, then call {@link #start()}. */
    public static RedisServerProcess create() {
        return new RedisServerProcess();
    }

    /** Sets {@code requirepass}; clients must AUTH with it. Takes effect on the next (re)start. */
    public RedisServerProcess requirePass(String password) {
        this.password = (password == null || password.isEmpty()) ? null : password;
        return this;
    }

    /**
     * Adds a config directive, e.g. {@code config("maxmemory", "10mb")} or {@code config("user", "alice", "on",
     * ">pw", "~*", "+@all")}. Values are quoted, so they may contain spaces. Takes effect on the next (re)start.
     */
    public RedisServerProcess config(String directive, String... values) {
        StringBuilder line = new StringBuilder(directive);
        for (String v : values) {
            line.append(' ').append(quote(v));
        }
        extraConfig.add(line.toString());
        return this;
    }

    /** How long {@link #start()} waits for PING (default 10 s). */
    public RedisServerProcess startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /** Uses this {@code redis-server} binary instead of looking one up. */
    public RedisServerProcess executable(Path redisServer) {
        this.executable = redisServer;
        return this;
    }

    /** Uses the binary bundled with embedded-redis even if {@code redis-server} is on PATH. */
    public RedisServerProcess useEmbeddedBinary() {
        this.executable = embeddedBinary();
        return this;
    }

    /** Starts the server (on a new free port the first time, the same port after a stop) and waits for PING. */
    public RedisServerProcess start() {
        if (isRunning()) {
            throw new IllegalStateException("already running on port " + port);
        }
        if (executable == null) {
            executable = findOnPath("redis-server");
            if (executable == null) {
                LOG.info("redis-server not on PATH; using the embedded-redis binary");
                executable = embeddedBinary();
            }
        }
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("streambus-redis-");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (port != 0) {
            launch();
            return this;
        }
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            port = Ports.freeLoopbackPort();
            try {
                launch();
                return this;
            } catch (IllegalStateException e) {
                last = e;
                if (!e.getMessage().contains("Address already in use")) {
                    break;
                }
            }
        }
        port = 0;
        throw last;
    }

    private void launch() {
        Path conf = dir.resolve("redis.conf");
        Path log = dir.resolve("redis.log");
        try {
            Files.write(conf, configLines(), StandardCharsets.UTF_8);
            restrictToOwner(conf);
            Files.deleteIfExists(log);
            process = new ProcessBuilder(executable.toString(), conf.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not launch " + executable + ": " + e.getMessage(), e);
        }
        LIVE.add(process);
        launchedPassword = password;
        long deadline = System.nanoTime() + startTimeout.toNanos();
        RedisUrl url = redisUrl();
        while (true) {
            if (!process.isAlive()) {
                LIVE.remove(process);
                throw new IllegalStateException("redis-server on port " + port + " exited with code "
                        + process.exitValue() + " before answering PING; log tail:\n" + logTail());
            }
            if (Resp.answersPing(url, PING_TIMEOUT)) {
                LOG.debug("redis-server ({}) ready on {}", executable, url);
                return;
            }
            if (System.nanoTime() > deadline) {
                destroy();
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                        + startTimeout.toMillis() + " ms; log tail:\n" + logTail());
            }
            sleep(25);
        }
    }

    private List<String> configLines() {
        List<String> lines = new ArrayList<>();
        lines.add("bind 127.0.0.1");
        lines.add("port " + port);
        lines.add("daemonize no");
        lines.add("save \"\"");
        lines.add("appendonly no");
        lines.add("dir " + quote(dir.toString()));
        lines.add("logfile \"\"");
        if (password != null) {
            lines.add("requirepass " + quote(password));
        }
        lines.addAll(extraConfig);
        return lines;
    }

    /**
     * Sends one command on a fresh connection (authenticated with the password the server was started with) and
     * returns the reply: String, Long, List or null. For admin commands Redisson cannot send, e.g.
     * {@code command("ACL", "SETUSER", "app", "on", ">pw", "~*", "+@all")} (ACL is refused inside scripts).
     *
     * @throws IllegalStateException on an error reply or I/O failure, with the server's message
     */
    public Object command(String... args) {
        RedisUrl running = RedisUrl.of("127.0.0.1", port()).withCredentials(null, launchedPassword);
        try (Resp resp = Resp.connect(running, Duration.ofSeconds(2))) {
            return resp.call(args);
        } catch (IOException e) {
            throw new IllegalStateException((args.length == 0 ? "command" : args[0]) + " failed on port " + port
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces ACL user {@code user} with exactly {@code rules} (space-separated, as in the README's lines:
     * {@code "on >pw ~order.* +ping +xadd"}): {@code ACL SETUSER user reset <rules>}. On Redis 6.2, which does not
     * know {@code EVALSHA_RO}, a {@code +evalsha_ro} rule is left out.
     */
    public RedisServerProcess aclUser(String user, String rules) {
        List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", user, "reset"));
        args.addAll(List.of(rules.trim().split(" +")));
        if (String.valueOf(command("INFO", "server")).contains("redis_version:6.")) {
            args.remove("+evalsha_ro");
        }
        Object reply = command(args.toArray(String[]::new));
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("ACL SETUSER " + user + " answered " + reply);
        }
        return this;
    }

    /** A client like {@link #newClient()} that authenticates as ACL user {@code user}; the caller shuts it down. */
    public RedissonClient newClientAs(String user, String password) {
        return connection().toBuilder().username(user).password(password).build().connect();
    }

    /** Stops the server: {@code SHUTDOWN NOSAVE}, then a kill if it has not exited within 5 s. Idempotent. */
    public void stop() {
        if (process == null) {
            return;
        }
        if (paused && process.isAlive()) {
            resume();
        }
        if (process.isAlive()) {
            RedisUrl running = RedisUrl.of("127.0.0.1", port).withCredentials(null, launchedPassword);
            try (Resp resp = Resp.connect(running, Duration.ofSeconds(1))) {
                resp.call("SHUTDOWN", "NOSAVE");
            } catch (IOException | RuntimeException expected) {
                // SHUTDOWN closes the connection without a reply
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                destroy();
            }
        }
        LIVE.remove(process);
        process = null;
    }

    /**
     * Kills the server with SIGKILL, paused or not, like a crash: open connections are reset and nothing sent is
     * answered. {@link #restart()} starts it again on the same port.
     */
    public RedisServerProcess kill() {
        if (process == null) {
            throw new IllegalStateException("not running");
        }
        destroy();
        paused = false;
        process = null;
        return this;
    }

    /** Stops and starts again on the same port; data is not kept (persistence is off). */
    public RedisServerProcess restart() {
        if (port == 0) {
            throw new IllegalStateException("never started");
        }
        stop();
        return start();
    }

    /**
     * Freezes the server with SIGSTOP: connections stay open and commands sent are neither answered nor refused,
     * like a stalled or black-holed server. {@link #resume()} (SIGCONT) lets it go on; {@link #stop()} resumes first.
     */
    public RedisServerProcess pause() {
        signal("STOP");
        paused = true;
        return this;
    }

    /** Resumes a {@link #pause() paused} server (SIGCONT); commands sent meanwhile are then executed. */
    public RedisServerProcess resume() {
        if (paused) {
            signal("CONT");
            paused = false;
        }
        return this;
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + name + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }

    /** Whether the process is alive. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The port; stable across {@link #restart()}. */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException("not started");
        }
        return port;
    }

    /**
     * {@code redis://[:password@]127.0.0.1:port} — includes the password if one is set. Do not log it; log
     * {@link #redisUrl()} or {@link #toString()}, which mask it.
     */
    public String url() {
        return redisUrl().toUrl();
    }

    /** The URL as a {@link RedisUrl} (its {@code toString()} masks the password). */
    public RedisUrl redisUrl() {
        return RedisUrl.of("127.0.0.1", port()).withCredentials(null, password);
    }

    /** The binary in use (after {@link #start()}). */
    public Path executable() {
        return executable;
    }

    /** A Redisson client configured like {@link LocalRedis#newClient()}; the caller shuts it down. */
    public RedissonClient newClient() {
        return RedissonClients.create(redisUrl());
    }

    /**
     * The connection settings {@link #newClient()} uses (test profile: small pool, short retries); adjust them with
     * {@link RedisConnection#toBuilder()}, e.g. to connect as another ACL user.
     */
    public RedisConnection connection() {
        return RedissonClients.connection(redisUrl());
    }

    /** The last lines of the server's log, for diagnostics. */
    public String logTail() {
        if (dir == null) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and deletes its temp directory. */
    @Override
    public void close() {
        stop();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                LOG.debug("could not delete {}", dir, e);
            }
            dir = null;
        }
    }

    @Override
    public String toString() {
        return "RedisServerProcess[" + (port == 0 ? "not started" : redisUrl()) + ", " + executable + "]";
    }

    private void destroy() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LIVE.remove(p);
        }
    }

    static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static Path embeddedBinary() {
        try {
            return ExecutableProvider.newJarResourceProvider().get().toPath();
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract the embedded-redis binary", e);
        }
    }

    private static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // non-POSIX file system: the temp dir is still private to the user on most systems
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
