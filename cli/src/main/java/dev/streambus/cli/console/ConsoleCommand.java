package dev.streambus.cli.console;

import dev.streambus.cli.DeadLetterSuffixOption;
import dev.streambus.cli.FailedKeyOption;
import dev.streambus.cli.ListenerModules;
import dev.streambus.cli.ModuleOptions;
import dev.streambus.cli.RedisCommand;
import dev.streambus.console.ConsoleConfig;
import dev.streambus.console.ConsoleServer;
import dev.streambus.consume.MessageListener;
import dev.streambus.publish.PublisherConfig;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the web console until Ctrl-C. Binds 127.0.0.1 by default; any other address needs an access token, given
 * with {@code --token} (or {@code $STREAMBUS_CONSOLE_TOKEN}) or generated and printed once. The Redis URL and its
 * credentials are never printed or shown on the page.
 */
@Command(name = "console", description = "Serves the web console: streams, groups, pending entries, dead letters, "
        + "failed messages; actions unless --read-only.")
public final class ConsoleCommand extends RedisCommand {

    public static final String TOKEN_ENV = "STREAMBUS_CONSOLE_TOKEN";

    @Option(names = "--bind", defaultValue = ConsoleConfig.DEFAULT_BIND, paramLabel = "<address>",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); anything but loopback needs a token.")
    String bind;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "<port>",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--read-only", description = "Offer and accept no state-changing action.")
    boolean readOnly;

    @Option(names = "--token", paramLabel = "<token>", description = "Access token (default: $" + TOKEN_ENV
            + "; generated and printed once when binding a non-loopback address).")
    String token;

    @Option(names = "--match", defaultValue = "*", paramLabel = "<glob>",
            description = "Streams to list (default: ${DEFAULT-VALUE}).")
    String match;

    @Option(names = "--page-size", defaultValue = "50", paramLabel = "<n>",
            description = "Streams per page, 1..200 (default: ${DEFAULT-VALUE}); bounds the Redis calls of a refresh.")
    int pageSize;

    @Option(names = "--domain", paramLabel = "<domain>",
            description = "Domain of events published from the page (default: $STREAMBUS_DOMAIN, else empty).")
    String domain;

    @Mixin
    DeadLetterSuffixOption deadLetters;

    @Mixin
    FailedKeyOption failedKey;

    @Mixin
    ModuleOptions modules;

    private ConsoleConfig config;
    private boolean generated;

    @Override
    protected void validate() {
        String given = token != null ? token : root.env(TOKEN_ENV);
        if ((given == null || given.isBlank()) && !ConsoleConfig.isLoopback(bind)) {
            given = ConsoleConfig.generateToken();
            generated = true;
        }
        try {
            config = ConsoleConfig.builder().bind(bind).port(port).readOnly(readOnly)
                    .token(given == null || given.isBlank() ? null : given).streamMatch(match).pageSize(pageSize)
                    .deadLetterSuffix(deadLetters.suffix()).failedSetKey(failedKey.key()).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    @Override
    protected int run(RedissonClient redisson) {
        List<MessageListener> listeners = modules.className(root) == null ? List.of()
                : ListenerModules.load(modules.className(root), modules.path(root), redisson);
        String wireDomain = domain != null ? domain : root.env("STREAMBUS_DOMAIN");
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "console-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (ConsoleServer server = ConsoleServer.builder(redisson).config(config).listeners(listeners)
                .publisherConfig(PublisherConfig.builder().domain(wireDomain).clock(root.clock()).build())
                .build().start()) {
            out().println("streambus console: " + server.url() + (readOnly ? " (read-only)" : "")
                    + (listeners.isEmpty() ? "" : ", " + listeners.size() + " listeners for failed-message retry"));
            if (generated) {
                out().println("access token (shown once): " + config.token());
                out().println("open: " + server.url() + "?token=" + config.token());
            }
            out().println("Ctrl-C to stop");
            out().flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                // interrupted (embedded use, tests): a request to stop like Ctrl-C; the server is closed next
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return 0;
    }
}
