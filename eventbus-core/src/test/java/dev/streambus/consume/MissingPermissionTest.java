package dev.streambus.consume;

import ch.qos.logback.classic.Level;
import dev.streambus.consume.ConsumerState.Problem;
import dev.streambus.consume.ConsumerState.Status;
import dev.streambus.consume.ConsumerState.Step;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.localredis.LogCapture;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer whose ACL user loses the right to run scripts while it runs (a private redis-server; the start-time
 * check passed, see RedisPermissionsTest for the user who lacks it at start): the reclaim step (a script)
 * fails permanently, yet every new entry is handled, the state says DEGRADED naming the step and the missing
 * permission, the error is logged at ERROR once, and granting the permission brings it back to RUNNING.
 */
class MissingPermissionTest {

    private static final String USER = "streams-only";
    private static final String SECRET = "Str3ams-0nly";

    @Test
    void withoutScriptingTheReclaimStepIsReportedWhileEveryNewEntryIsStillHandled() {
        try (RedisServerProcess server = RedisServerProcess.create().start()) {
            assertEquals("OK", server.command("ACL", "SETUSER", USER, "on", ">" + SECRET, "~*", "&*",
                    "+@stream", "+@connection", "+@scripting", "+sscan", "+srem", "+sadd")); // sets: failed_stream
            RedissonClient admin = server.newClient();
            RedissonClient app = server.connection().toBuilder().username(USER).password(SECRET).build().connect();
            Recorder recorder = new Recorder("Recorder", "orders");
            ConsumerConfig config = ConsumerConfig.builder().group("g").consumer("app").block(Duration.ofMillis(200))
                    .reclaimInterval(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(200)).build();
            try (LogCapture logs = LogCapture.of(Problems.class);
                 EventConsumer consumer = EventConsumer.builder(app).config(config).listener(recorder).build()) {
                consumer.start();
                assertEquals("OK", server.command("ACL", "SETUSER", USER, "-@scripting")); // revoked while running
                new Streams(admin).publishMany("orders", 50);
                Await.until(Duration.ofSeconds(30), () -> recorder.distinct() == 50,
                        () -> recorder.distinct() + " of 50 handled; " + consumer.state());
                Await.until(Duration.ofSeconds(30), () -> deniedScriptCalls(server) >= 5,
                        () -> "reclaim retried " + deniedScriptCalls(server) + " times; " + consumer.state());

                ConsumerState state = consumer.state();
                assertEquals(Status.DEGRADED, state.status(), state.toString());
                Problem reclaim = state.problems().stream().filter(p -> p.step() == Step.RECLAIM).findFirst()
                        .orElseThrow(() -> new AssertionError("no reclaim problem: " + state));
                assertEquals("orders", reclaim.stream());
                assertTrue(reclaim.reason().startsWith("NOPERM"), reclaim.reason());
                assertTrue(reclaim.reason().contains("eval"), reclaim.reason());
                assertFalse(reclaim.reason().contains("redis.call"), "no script text: " + reclaim.reason());
                assertEquals(1, logs.messages(Level.ERROR, "reclaim of stream 'orders'").size(),
                        "one ERROR however often it is retried");

                assertEquals("OK", server.command("ACL", "SETUSER", USER, "+@scripting"));
                Await.until(Duration.ofSeconds(30), () -> consumer.state().status() == Status.RUNNING,
                        () -> consumer.state().toString());
                assertEquals(List.of(), consumer.state().problems());
                assertEquals(1, logs.messages(Level.INFO, "reclaim of stream 'orders' works again").size());
                assertEquals(1, logs.messages(Level.ERROR, "reclaim of stream 'orders'").size());
            } finally {
                app.shutdown();
                admin.shutdown();
            }
        }
    }

    /** How many script calls the server refused to the user, from ACL LOG (Redis counts repeats of one entry). */
    private static long deniedScriptCalls(RedisServerProcess server) {
        long count = 0;
        for (Object entry : (List<?>) server.command("ACL", "LOG", "100")) {
            List<?> fields = (List<?>) entry;
            int object = fields.indexOf("object");
            int at = fields.indexOf("count");
            if (object >= 0 && String.valueOf(fields.get(object + 1)).startsWith("eval")) {
                count += Long.parseLong(String.valueOf(fields.get(at + 1)));
            }
        }
        return count;
    }
}
