package dev.streambus.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MessageType;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.Projection;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.RunnerConfig;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The projections view (checkpoints, lag, rebuild progress) and a rebuild started from the API. */
@RedisTest
class ConsoleProjectionsTest {

    /** Event data. */
    public record Item(String itemId) {
    }

    private final RedissonClient redisson;

    ConsoleProjectionsTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void showsCheckpointsAndRebuildsOnRequest(TestKeys keys) throws Exception {
        String stream = keys.stream("items");
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.defaults());
        String last = null;
        for (int i = 0; i < 3; i++) {
            last = publisher.send(publisher.encoder().encode(stream, MessageType.EVENT,
                    PhpJson.decode("{\"itemId\":\"i" + i + "\"}"), null)).join();
        }
        AtomicInteger applied = new AtomicInteger();
        String name = "console_" + keys.prefix().replaceAll("[^a-z0-9]", "").toLowerCase();
        Projection projection = Projection.named(name.length() > 40 ? name.substring(0, 40) : name)
                .on(stream, Item.class, (e, m, c) -> applied.incrementAndGet()).reset(c -> { }).build();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:console-projections-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        RebuildProgress progress = new RebuildProgress();
        try (ProjectionRunner runner = ProjectionRunner.create(projection, redisson, h2,
                RunnerConfig.builder().progressListener(progress).build());
             ConsoleServer console = ConsoleServer.builder(redisson).config(ConsoleConfig.builder().port(0)
                     .streamMatch(keys.matchPattern()).build()).projection(runner, progress).build().start()) {
            runner.catchUp();
            assertEquals(3, applied.get());
            Http http = new Http(console);
            JsonNode view = http.get("/api/projections").json().path("projections").get(0);
            assertEquals(projection.name(), view.path("name").asText());
            assertEquals("idle", view.path("rebuild").asText());
            JsonNode row = view.path("streams").get(0);
            assertEquals(stream, row.path("stream").asText());
            assertEquals(last, row.path("checkpoint").asText());
            assertEquals(last, row.path("lastId").asText());

            Http.Reply started = http.post("/api/projections/rebuild", Map.of("name", projection.name()));
            assertEquals(200, started.status(), started.json().toString());
            JsonNode done = null;
            for (int i = 0; i < 200; i++) {
                done = http.get("/api/projections").json().path("projections").get(0);
                if (!done.path("rebuild").asText().equals("running")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals("done", done.path("rebuild").asText(), done.toString());
            assertEquals(3, done.path("progress").path("done").asLong(), done.toString());
            assertEquals(6, applied.get(), "the rebuild replayed the 3 events");
            assertEquals(404, http.post("/api/projections/rebuild", Map.of("name", "nope")).status());
        }
        assertTrue(applied.get() >= 6);
    }
}
