package dev.streambus.cli;

import dev.streambus.consume.MessageListener;
import dev.streambus.redis.connect.RedisUrl;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** A subcommand that works on Redis: connects, runs, releases the connection; the exit code is what it returns. */
public abstract class RedisCommand implements Callable<Integer> {

    @ParentCommand
    protected StreamBusCli root;

    @Spec
    protected CommandSpec spec;

    private RedissonClient redisson;

    @Override
    public final Integer call() throws Exception {
        validate();
        redisson = root.connector().connect(validRedisUrl());
        try {
            return run(redisson);
        } finally {
            root.connector().release(redisson);
        }
    }

    /** {@code --redis-url} (or {@code $REDIS_URL}), checked: a malformed URL is a usage error (exit 2). */
    private String validRedisUrl() {
        String url = root.redisUrl();
        try {
            RedisUrl.parse(url);
            return url;
        } catch (IllegalArgumentException e) {
            throw usage("Invalid --redis-url (or $" + StreamBusCli.REDIS_URL_ENV + "): " + e.getMessage());
        }
    }

    /** Checks arguments before connecting; throw {@link #usage(String)} for bad ones. */
    protected void validate() {
    }

    /** The command's work; returns the exit code. */
    protected abstract int run(RedissonClient redisson) throws Exception;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints the lines to stdout and flushes. */
    protected void print(List<String> lines) {
        lines.forEach(out()::println);
        out().flush();
    }

    /** A usage error: message and usage on stderr, exit code 2. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The listeners of the module named by {@code --module} or {@code STREAMBUS_MODULE}. */
    protected List<MessageListener> listeners(RedissonClient client, ModuleOptions modules) {
        String module = modules.className(root);
        if (module == null) {
            throw usage("no listeners: name your Guice module with --module=<class> (or set "
                    + StreamBusCli.MODULE_ENV + ")");
        }
        return ListenerModules.load(module, modules.path(root), client);
    }
}
