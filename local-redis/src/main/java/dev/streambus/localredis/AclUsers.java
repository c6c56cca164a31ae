package dev.streambus.localredis;

import org.redisson.api.RedissonClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A private redis-server for permission tests: an admin client (the default user), and clients of ACL users made
 * from one line of rules each (the README's lines), which {@link #disconnectUsers()} shuts down between tests.
 *
 * <pre>{@code
 * static AclUsers acl = AclUsers.start(RedisServerProcess.create());
 * RedissonClient app = acl.as("app", "on >pw ~order.* +ping +xadd");
 * }</pre>
 */
public final class AclUsers implements AutoCloseable {

    /** The password every user made by {@link #as} authenticates with: its rules must hold {@code >pw}. */
    public static final String PASSWORD = "pw";

    private final RedisServerProcess server;
    private final RedissonClient admin;
    private final List<RedissonClient> users = new CopyOnWriteArrayList<>();

    private AclUsers(RedisServerProcess server) {
        this.server = server;
        this.admin = server.newClient();
    }

    /** Starts {@code notStarted} (e.g. {@code RedisServerProcess.create().useEmbeddedBinary()}). */
    public static AclUsers start(RedisServerProcess notStarted) {
        return new AclUsers(notStarted.start());
    }

    public RedisServerProcess server() {
        return server;
    }

    /** A client of the default user, allowed everything. */
    public RedissonClient admin() {
        return admin;
    }

    /** Replaces {@code user} with exactly {@code rules} ({@link RedisServerProcess#aclUser}) and connects as it. */
    public RedissonClient as(String user, String rules) {
        RedissonClient client = server.aclUser(user, rules).newClientAs(user, PASSWORD);
        users.add(client);
        return client;
    }

    /** Shuts down the clients made by {@link #as}. */
    public void disconnectUsers() {
        users.forEach(RedissonClient::shutdown);
        users.clear();
    }

    /** Disconnects everyone and stops the server. */
    @Override
    public void close() {
        disconnectUsers();
        admin.shutdown();
        server.close();
    }
}
