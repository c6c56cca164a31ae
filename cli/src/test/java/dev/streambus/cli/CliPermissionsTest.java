package dev.streambus.cli;

import dev.streambus.localredis.AclUsers;
import dev.streambus.localredis.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI's read-only tools as an ACL user on a private redis-server: with exactly the README's "CLI tools" line they
 * work; without {@code +@scripting} {@code status} fails with one line naming user, commands and the ACL line.
 */
class CliPermissionsTest {

    /** README, "Redis permissions": CLI tools (status, tail, dlq:list, failed:list); 6.2: without +evalsha_ro. */
    static final String CLI_TOOLS = "on >pw ~acl.* ~{acl.*}:dead ~failed_stream +ping +scan +type +xinfo +xlen +xrange +xrevrange "
            + "+xread +evalsha +evalsha_ro +script|load +smembers";
    static final String STREAM = "acl.order.placed";

    private static AclUsers acl;

    @BeforeAll
    static void startServer() {
        acl = AclUsers.start(RedisServerProcess.create());
        acl.admin().getStream(STREAM, StringCodec.INSTANCE)
                .add(StreamAddArgs.entries(Map.of("name", STREAM, "data", "{}")));
    }

    @AfterAll
    static void stopServer() {
        acl.close();
    }

    @AfterEach
    void disconnect() {
        acl.disconnectUsers();
    }

    private Cli.Result runAs(String user, String rules, String... args) {
        return new Cli(acl.as(user, rules), Map.of(), Clock.systemUTC()).run(args);
    }

    @Test
    void theReadOnlyToolsWorkWithExactlyTheCliToolsLine() {
        Cli.Result status = runAs("ops", CLI_TOOLS, "status");
        assertEquals(0, status.exit(), status::toString);
        assertTrue(status.out().contains("| " + STREAM + " | 1 "), status::toString);
        Cli.Result dlq = runAs("ops", CLI_TOOLS, "dlq:list", STREAM);
        assertEquals(0, dlq.exit(), dlq::toString);
        Cli.Result failed = runAs("ops", CLI_TOOLS, "failed:list");
        assertEquals(0, failed.exit(), failed::toString);
    }

    @Test
    void statusWithoutScriptingNamesWhatIsMissingInOneCleanLine() {
        Cli.Result status = runAs("no-scripts", "on >pw ~* +ping +@stream +@keyspace", "status", STREAM);
        assertEquals(1, status.exit(), status::toString);
        String err = status.err().strip();
        assertTrue(err.startsWith("error: status cannot run as Redis user 'no-scripts': missing evalsha (@scripting) "
                + "on '" + STREAM + "', "), status::toString);
        assertTrue(err.contains("script|load (@scripting). Grant at least: ACL SETUSER no-scripts on >*** ~" + STREAM
                + " ~" + STREAM + ":dead ~{" + STREAM + "}:dead +ping +evalsha "), status::toString);
        for (String leak : List.of("local ", "redis.call", "channel", "[id: 0x", "params:", "\n")) {
            assertFalse(err.contains(leak), "'" + leak + "' in: " + err);
        }
    }
}
