package dev.streambus.permission;

import dev.streambus.redis.connect.RedisFailures;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Start-time check that the Redis ACL user may run what a component needs: every {@link Permission#probed() probed}
 * permission is sent at once (pipelined on the pool's connections) in its harmless form, and all refusals are
 * reported in one {@link MissingPermissionsException}. Works on Redis 6.2 and 7 without any admin command (ACL
 * DRYRUN/WHOAMI are admin commands a least-privilege user usually lacks). A command the server does not know (e.g.
 * {@code EVALSHA_RO} on 6.2) is not needed there. When Redis does not answer within {@link #TIMEOUT} (down,
 * overloaded), the check is skipped with a WARN: start-up then behaves as without it.
 */
public final class PermissionCheck {

    /** How long the probes may take together before the check is skipped. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(PermissionCheck.class);

    private final RedissonClient redisson;
    private final RequiredPermissions required;

    public PermissionCheck(RedissonClient redisson, RequiredPermissions required) {
        this.redisson = redisson;
        this.required = required;
    }

    /** Probes; returns when everything is allowed (or the check could not run). */
    public void verify() {
        if (!(redisson instanceof Redisson client)) {
            log.debug("permission check skipped: {} is not a Redisson client", redisson.getClass().getName());
            return;
        }
        List<Permission> probed = required.permissions().stream().filter(Permission::probed).toList();
        List<CompletableFuture<Object>> replies = new ArrayList<>(probed.size());
        probed.forEach(p -> replies.add(send(client.getCommandExecutor(), p)));
        try {
            CompletableFuture.allOf(replies.stream().map(f -> f.exceptionally(e -> null))
                    .toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("{}: Redis permission check skipped, Redis did not answer within {} s", required.component(),
                    TIMEOUT.toSeconds());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<MissingPermissionsException.Missing> missing = new ArrayList<>();
        Set<String> unknownCommands = new LinkedHashSet<>();
        for (int i = 0; i < probed.size(); i++) {
            Throwable error = errorOf(replies.get(i));
            if (error == null) {
                continue;
            }
            String text = RedisFailures.describe(error);
            Permission p = probed.get(i);
            if (RedisFailures.isNoPermission(error)) {
                boolean keyOnly = !text.contains("run the");
                if (!keyOnly || p.key() != null) {
                    missing.add(new MissingPermissionsException.Missing(p, keyOnly));
                }
            } else if (text.toLowerCase(Locale.ROOT).startsWith("err unknown command")) {
                unknownCommands.add(p.command());
            }
        }
        if (!missing.isEmpty()) {
            throw missing(missing, unknownCommands);
        }
        log.debug("{}: Redis permissions checked ({} probes)", required.component(), probed.size());
    }

    private MissingPermissionsException missing(List<MissingPermissionsException.Missing> missing,
                                                Set<String> unknownCommands) {
        String user = user();
        String line = aclLine(user, unknownCommands);
        Set<String> listed = new LinkedHashSet<>();
        missing.forEach(m -> listed.add(m.toString()));
        String message = required.component() + " cannot run as Redis user '" + user + "': missing "
                + String.join(", ", listed) + ". Grant at least: " + line
                + (required.skipHint() == null ? "" : " (to skip this check: " + required.skipHint() + ")");
        return new MissingPermissionsException(message, user, missing, line);
    }

    /** {@code ACL SETUSER <user> on >*** ~key ... +ping +command ...}: what the component needs on this server. */
    private String aclLine(String user, Set<String> unknownCommands) {
        StringBuilder line = new StringBuilder("ACL SETUSER ").append(user).append(" on >***");
        required.keys().forEach(key -> line.append(" ~").append(key));
        if (required.keyHint() != null) {
            line.append(' ').append(required.keyHint());
        }
        Set<String> commands = new LinkedHashSet<>();
        commands.add("ping");
        required.permissions().forEach(p -> commands.add(p.command()));
        commands.removeAll(unknownCommands);
        commands.forEach(command -> line.append(" +").append(command));
        return line.toString();
    }

    /** The ACL user from the client's configuration; {@code default} without one. */
    private String user() {
        Config config = redisson.getConfig();
        String user = config.getUsername();
        if (user == null && config.isSingleConfig()) {
            user = config.useSingleServer().getUsername();
        }
        return user == null || user.isEmpty() ? "default" : user;
    }

    private static CompletableFuture<Object> send(CommandAsyncExecutor executor, Permission p) {
        List<String> words = p.probe();
        RedisCommand<Object> command = new RedisCommand<>(words.get(0));
        Object[] args = words.subList(1, words.size()).toArray();
        String routing = p.key() != null ? p.key() : Permission.PROBE_GROUP;
        try {
            return executor.<Object, Object>writeAsync(routing, StringCodec.INSTANCE, command, args)
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable errorOf(CompletableFuture<Object> reply) {
        try {
            reply.getNow(null);
            return null;
        } catch (RuntimeException e) {
            return RedisFailures.unwrap(e);
        }
    }
}
