package dev.streambus.projection;

import dev.streambus.localredis.Await;
import dev.streambus.localredis.AclUsers;
import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.permission.MissingPermissionsException;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A projection runner as an ACL user on a private redis-server: with exactly the README's "projections" line it
 * rebuilds and runs live; without {@code +@scripting} {@code start()} fails at once naming what is missing.
 */
class ProjectionPermissionsTest {

    /** README, "Redis permissions": projections (on Redis 6.2 without +evalsha_ro, unknown there). */
    static final String PROJECTIONS = "on >pw ~acl.* +ping +time +xrange +xlen +xgroup|create +xgroup|setid "
            + "+xreadgroup +xack +xpending +xclaim +xautoclaim +xinfo +xgroup|delconsumer +evalsha +evalsha_ro +script|load";
    private static final String LOG_COUNT = "SELECT COUNT(*) FROM order_event_log";
    private static final Orders.Streams STREAMS = new Orders.Streams("acl.placed", "acl.paid", "acl.shipped");

    private static AclUsers acl;
    private static RedissonClient admin;

    @BeforeAll
    static void startServer() {
        acl = AclUsers.start(RedisServerProcess.create());
        admin = acl.admin();
    }

    @AfterAll
    static void stopServer() {
        acl.close();
    }

    @AfterEach
    void disconnect() {
        acl.disconnectUsers();
        acl.server().command("FLUSHALL"); // this test's own server
    }

    private RedissonClient as(String user, String rules) {
        return acl.as(user, rules);
    }

    @Test
    void aRunnerWithTheMinimalLineRebuildsAndRunsLive() {
        Orders.Publisher publisher = new Orders.Publisher(admin, STREAMS, null, false);
        publisher.publishRange(0, 30);
        Projection projection = Orders.projection("acl_orders", STREAMS).build();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(projection, as("projector", PROJECTIONS),
                     db.dataSource(), Configs.fast().build())) {
            runner.rebuildAll();
            assertEquals(30, db.count(LOG_COUNT));
            runner.start();
            publisher.publishRange(30, 60);
            Await.until(Duration.ofSeconds(20), () -> db.count(LOG_COUNT) == 60,
                    () -> db.count(LOG_COUNT) + " of 60 applied, failure: " + runner.failure());
            assertEquals(List.of(), runner.state().problems(), "every step ran with the minimal line");
        }
    }

    @Test
    void aRunnerWithoutScriptingFailsAtStartNamingWhatIsMissing() {
        Projection projection = Orders.projection("acl_orders", STREAMS).build();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(projection,
                     as("streams-only", "on >pw ~acl.* +ping +@stream"), db.dataSource(), Configs.fast().build())) {
            MissingPermissionsException e = assertThrows(MissingPermissionsException.class, runner::start);
            assertTrue(e.getMessage().startsWith("projection 'acl_orders' (group 'projection.acl_orders') cannot run "
                    + "as Redis user 'streams-only': missing evalsha (@scripting) on 'acl.placed', "), e.getMessage());
            assertTrue(e.getMessage().contains("(to skip this check: RunnerConfig.Builder.checkPermissions(false))"),
                    e.getMessage());
            assertFalse(runner.isRunning());
        }
    }
}
