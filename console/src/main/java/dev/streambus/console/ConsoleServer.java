package dev.streambus.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.MessageListener;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.connect.RedisFailures;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import static dev.streambus.console.Views.map;

/**
 * The web console: one offline page (HTML, CSS and JS from this jar, no CDN) and the JSON API behind it, served by
 * Javalin. Start it next to a bus:
 * <pre>{@code
 * ConsoleServer console = ConsoleServer.builder(redisson)
 *         .config(ConsoleConfig.builder().port(8080).build())
 *         .listeners(myListeners)                 // enables "retry" of Laravel's failed messages
 *         .projection(runner, progress)           // shows checkpoints and lets you rebuild
 *         .build().start();
 * }</pre>
 *
 * <p>Guarantees: binds 127.0.0.1 unless told otherwise, and then only with an access token; every state change is a
 * POST with a CSRF token (see {@link Guard}) and absent in read-only mode; the page renders every Redis value as
 * text (never as HTML); credentials are never sent to the page; nothing issues KEYS and every list is paged, so
 * one refresh costs a bounded number of Redis calls whatever the number of streams.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String WEB = "/dev/streambus/console/web/";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final ConsoleConfig config;
    private final Guard guard;
    private final Views views;
    private final Actions actions;
    private final Tail tail;
    private final List<Lever> levers;
    private final List<ConsoleProjection> projections;
    private final boolean retryAvailable;
    private Javalin app;

    private ConsoleServer(Builder b) {
        this.config = b.config;
        this.guard = new Guard(config, ConsoleConfig.generateToken());
        this.projections = List.copyOf(b.projections);
        this.levers = List.copyOf(b.levers);
        this.retryAvailable = !b.listeners.isEmpty();
        this.views = new Views(b.redisson, config, b.publisherConfig, projections);
        this.actions = new Actions(b.redisson, config, views, b.publisherConfig, List.copyOf(b.listeners),
                projections, levers, List.copyOf(b.consumers));
        this.tail = new Tail(new RedisStreams(b.redisson), config.maxTails());
    }

    public static Builder builder(RedissonClient redisson) {
        return new Builder(redisson);
    }

    /** Starts listening; returns this. */
    public synchronized ConsoleServer start() {
        if (app != null) {
            throw new IllegalStateException("console already started");
        }
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.before(ctx -> {
                ctx.header("Content-Security-Policy", CSP);
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "no-referrer");
                ctx.header("Cache-Control", "no-store");
                guard.check(ctx);
            });
            c.routes.get("/", this::page);
            c.routes.get("/app.js", ctx -> asset(ctx, "app.js", "text/javascript; charset=utf-8"));
            c.routes.get("/app.css", ctx -> asset(ctx, "app.css", "text/css; charset=utf-8"));
            c.routes.get("/api/session", ctx -> json(ctx, session()));
            c.routes.get("/api/streams", read(views::streams));
            c.routes.get("/api/stream", read(views::stream));
            c.routes.get("/api/entries", read(views::entries));
            c.routes.get("/api/pending", read(views::pending));
            c.routes.get("/api/deadletters", read(views::deadLetters));
            c.routes.get("/api/failed", read(views::failed));
            c.routes.get("/api/trim-preview", read(views::trimPreview));
            c.routes.get("/api/projections", ctx -> json(ctx, views.projections()));
            c.routes.sse("/api/tail", tail::handle);
            c.routes.post("/api/publish", read(actions::publish));
            c.routes.post("/api/claim", read(actions::claim));
            c.routes.post("/api/handover", read(actions::handOver));
            c.routes.post("/api/trim", read(actions::trim));
            c.routes.post("/api/deadletters/replay", read(actions::replay));
            c.routes.post("/api/failed/retry", read(actions::retryFailed));
            c.routes.post("/api/failed/flush", read(actions::flushFailed));
            c.routes.post("/api/projections/rebuild", read(actions::rebuild));
            c.routes.post("/api/levers", read(actions::lever));
            c.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            c.routes.exception(Exception.class, (e, ctx) -> {
                log.warn("console: {} {} failed: {}", ctx.method(), ctx.path(), RedisFailures.describe(e));
                error(ctx, 502, "failed: " + RedisFailures.describe(e));
            });
        }).start(config.bind(), config.port());
        log.info("streambus console on {}{}", url(), config.readOnly() ? " (read-only)" : "");
        return this;
    }

    /** The port it listens on (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** The page's address, without the token. */
    public String url() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port() + "/";
    }

    public ConsoleConfig config() {
        return config;
    }

    /** Stops the server (not the Redis client, not the projections). */
    @Override
    public synchronized void close() {
        if (app != null) {
            tail.close();
            app.stop();
            app = null;
        }
    }

    private Map<String, Object> session() {
        List<Map<String, Object>> leverList = new ArrayList<>();
        levers.forEach(l -> leverList.add(map("name", l.name(), "label", l.label(), "value", l.defaultValue())));
        return map("csrf", guard.csrf(), "readOnly", config.readOnly(), "levers", config.readOnly() ? List.of()
                : leverList, "projections", projections.stream().map(ConsoleProjection::name).toList(),
                "retryAvailable", retryAvailable, "pageSize", config.pageSize());
    }

    private void page(Context ctx) {
        if (guard.tokenInQuery(ctx)) {
            ctx.header("Set-Cookie", guard.cookieHeader());
            ctx.redirect("/");
            return;
        }
        asset(ctx, "index.html", "text/html; charset=utf-8");
    }

    private static Handler read(Function<Context, Object> view) {
        return ctx -> json(ctx, view.apply(ctx));
    }

    private static void asset(Context ctx, String name, String type) {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(WEB + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + WEB + name);
            }
            ctx.contentType(type).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void json(Context ctx, Object value) {
        try {
            ctx.contentType("application/json; charset=utf-8").result(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status);
        json(ctx, map("error", message));
    }

    /** Configures a {@link ConsoleServer}. */
    public static final class Builder {
        private final RedissonClient redisson;
        private ConsoleConfig config = ConsoleConfig.builder().build();
        private PublisherConfig publisherConfig = PublisherConfig.defaults();
        private final List<MessageListener> listeners = new ArrayList<>();
        private final List<ConsoleProjection> projections = new ArrayList<>();
        private final List<Lever> levers = new ArrayList<>();
        private final List<EventConsumer> consumers = new ArrayList<>();

        private Builder(RedissonClient redisson) {
            this.redisson = Objects.requireNonNull(redisson, "redisson");
        }

        /** Bind address, port, read-only, token and paging; default {@code ConsoleConfig.builder().build()}. */
        public Builder config(ConsoleConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Domain and retention used when publishing from the page, and the retention shown per stream. */
        public Builder publisherConfig(PublisherConfig publisherConfig) {
            this.publisherConfig = Objects.requireNonNull(publisherConfig, "publisherConfig");
            return this;
        }

        /** The listeners a failed-message retry hands entries to (matched by receiver). */
        public Builder listeners(List<? extends MessageListener> listeners) {
            this.listeners.addAll(listeners);
            return this;
        }

        /** Shows a projection; {@code progress} (may be null) is the listener the runner reports replays to. */
        public Builder projection(ProjectionRunner runner, RebuildProgress progress) {
            this.projections.add(new ConsoleProjection(runner, progress));
            return this;
        }

        /**
         * Consumers running in this process: when a claim or hand-over from the page moves entries to one of them
         * (same stream, group and consumer name), it handles them at once ({@link EventConsumer#redoPending()})
         * instead of at its next reclaim round.
         */
        public Builder consumers(List<EventConsumer> consumers) {
            this.consumers.addAll(consumers);
            return this;
        }

        /** Adds a custom action button (see {@link Lever}). */
        public Builder lever(Lever lever) {
            this.levers.add(Objects.requireNonNull(lever, "lever"));
            return this;
        }

        /** A server, not started yet ({@code start()} binds it). */
        public ConsoleServer build() {
            return new ConsoleServer(this);
        }
    }
}
