package dev.streambus.console;

import dev.streambus.redis.EntryId;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.Listeners;
import dev.streambus.consume.MessageListener;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.streambus.console.Http.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every view and action of the console's JSON API against real Redis, and every refusal. */
@RedisTest
class ConsoleApiTest {

    private final RedissonClient redisson;
    private final List<ConsoleServer> servers = new ArrayList<>();
    private final AtomicInteger retried = new AtomicInteger();

    ConsoleApiTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @AfterEach
    void stop() {
        servers.forEach(ConsoleServer::close);
    }

    private ConsoleServer start(TestKeys keys, ConsoleConfig.Builder config) {
        MessageListener listener = new MessageListener() {
            @Override
            public Set<String> events() {
                return Set.of(keys.stream("failing"));
            }

            @Override
            public String receiver() {
                return "App\\Listeners\\Retry";
            }

            @Override
            public void onMessage(ReceivedMessage message) {
                retried.incrementAndGet();
            }
        };
        ConsoleServer server = ConsoleServer.builder(redisson)
                .config(config.port(0).streamMatch(keys.matchPattern()).failedSetKey(keys.key("failed")).build())
                .listeners(List.of(listener))
                .lever(new Lever("double", "Double it", 2, n -> "doubled: " + 2 * n))
                .build().start();
        servers.add(server);
        return server;
    }

    private ConsoleServer start(TestKeys keys) {
        return start(keys, ConsoleConfig.builder());
    }

    @Test
    void overviewListsStreamsWithGroupsLagAndDeadLetters(TestKeys keys) {
        String stream = keys.stream("orders");
        keys.stream("orders:dead");
        List<String> ids = add(stream, 3);
        group(stream, "mail");
        read(stream, "mail", "c1", 2);
        add(stream + ":dead", 1);
        Http http = new Http(start(keys));

        Http.Reply page = http.get("/api/streams");
        assertEquals(200, page.status(), page.json().toString());
        JsonNode s = only(page.json().path("streams"), stream);
        assertEquals(3, s.path("length").asLong());
        assertEquals(ids.get(0), s.path("firstId").asText());
        assertEquals(ids.get(2), s.path("lastId").asText());
        assertTrue(s.path("memoryBytes").asLong() > 0);
        assertEquals(1, s.path("deadLetters").asLong());
        JsonNode g = s.path("groups").get(0);
        assertEquals("mail", g.path("name").asText());
        assertEquals(2, g.path("pending").asLong());
        assertEquals(1, g.path("lag").asLong());
        assertEquals("c1", g.path("consumers").get(0).path("name").asText());
        assertEquals(2, g.path("consumers").get(0).path("pending").asLong());
        assertEquals(1, page.json().path("streams").size(), "the dead-letter stream is shown with its stream");

        redisson.getStream(stream, StringCodec.INSTANCE).remove(StreamMessageId.class.cast(
                EntryId.parse(ids.get(2))));
        JsonNode after = http.get("/api/stream?stream=" + enc(stream)).json();
        assertTrue(after.path("groups").get(0).path("lag").isNull(),
                "lag Redis cannot know is unknown (null), not 0: " + after);
    }

    @Test
    void entriesArePagedBothWaysWithFieldsInStoredOrder(TestKeys keys) {
        String stream = keys.stream("e");
        List<String> ids = add(stream, 5);
        Http http = new Http(start(keys));

        JsonNode first = http.get("/api/entries?stream=" + enc(stream) + "&dir=forward&count=2").json();
        assertEquals(List.of(ids.get(0), ids.get(1)), idsOf(first.path("entries")));
        assertEquals("name", first.path("entries").get(0).path("fields").get(0).get(0).asText());
        assertEquals("{\"i\":0}", first.path("entries").get(0).path("fields").get(1).get(1).asText());
        JsonNode second = http.get("/api/entries?stream=" + enc(stream) + "&dir=forward&count=2&after="
                + first.path("next").asText()).json();
        assertEquals(List.of(ids.get(2), ids.get(3)), idsOf(second.path("entries")));
        JsonNode newest = http.get("/api/entries?stream=" + enc(stream) + "&dir=reverse&count=2").json();
        assertEquals(List.of(ids.get(4), ids.get(3)), idsOf(newest.path("entries")));
        JsonNode older = http.get("/api/entries?stream=" + enc(stream) + "&dir=reverse&count=10&after="
                + newest.path("next").asText()).json();
        assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), idsOf(older.path("entries")));
        assertTrue(older.path("next").isNull());
    }

    @Test
    void pendingIsPagedAndClaimMovesIdleEntriesToTheChosenConsumer(TestKeys keys) {
        String stream = keys.stream("p");
        List<String> ids = add(stream, 4);
        group(stream, "g");
        read(stream, "g", "crashed", 3);
        Http http = new Http(start(keys));

        JsonNode page = http.get("/api/pending?stream=" + enc(stream) + "&group=g&count=2").json();
        assertEquals(List.of(ids.get(0), ids.get(1)), idsOf(page.path("pending")));
        assertEquals("crashed", page.path("pending").get(0).path("consumer").asText());
        assertEquals(1, page.path("pending").get(0).path("deliveries").asLong());
        JsonNode rest = http.get("/api/pending?stream=" + enc(stream) + "&group=g&count=2&after="
                + page.path("next").asText()).json();
        assertEquals(List.of(ids.get(2)), idsOf(rest.path("pending")));

        Http.Reply claim = http.post("/api/claim", Map.of("stream", stream, "group", "g", "consumer", "healthy",
                "minIdleMs", 0, "count", 10));
        assertEquals(200, claim.status(), claim.json().toString());
        assertEquals(3, claim.json().path("claimed").size());
        JsonNode after = http.get("/api/pending?stream=" + enc(stream) + "&group=g").json();
        after.path("pending").forEach(p -> assertEquals("healthy", p.path("consumer").asText()));
        assertEquals(3, after.path("pending").size());
    }

    @Test
    void entriesClaimedToAConsumerOfThisProcessAreHandledAtOnce(TestKeys keys) {
        String stream = keys.stream("local");
        List<String> ids = add(stream, 3);
        group(stream, "g");
        read(stream, "g", "crashed", 3);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (EventConsumer healthy = EventConsumer.builder(redisson).config(ConsumerConfig.builder().group("g")
                        .consumer("healthy").block(Duration.ofMillis(200)).reclaimIdle(Duration.ofMinutes(10)).build())
                .listener(Listeners.onMessage(Set.of(stream), "Healthy", m -> handled.add(m.id()))).build()) {
            healthy.start();
            ConsoleServer server = ConsoleServer.builder(redisson)
                    .config(ConsoleConfig.builder().port(0).streamMatch(keys.matchPattern()).build())
                    .consumers(List.of(healthy)).build().start();
            servers.add(server);
            Http http = new Http(server);
            Http.Reply claim = http.post("/api/claim", Map.of("stream", stream, "group", "g", "consumer", "healthy",
                    "minIdleMs", 0, "count", 10));
            assertEquals(200, claim.status(), claim.json().toString());
            List<String> claimed = new ArrayList<>();
            claim.json().path("claimed").forEach(id -> claimed.add(id.asText()));
            assertEquals(ids, claimed);
            // the reaper would take 10 min: the claim made the running consumer redo its pending entries now
            Await.until(Duration.ofSeconds(20), () -> groupPending(http, stream) == 0 && handled.size() == 3,
                    () -> handled + " handled, group pending " + groupPending(http, stream));
            assertEquals(ids, handled);
        }
    }

    private static long groupPending(Http http, String stream) {
        return http.get("/api/stream?stream=" + enc(stream)).json().path("groups").get(0).path("pending").asLong();
    }

    @Test
    void handOverMovesPendingEntriesAndRemovesTheConsumer(TestKeys keys) {
        String stream = keys.stream("h");
        add(stream, 3);
        group(stream, "g");
        read(stream, "g", "old", 3);
        Http http = new Http(start(keys));

        Http.Reply r = http.post("/api/handover", Map.of("stream", stream, "group", "g", "from", "old", "to", "new"));
        assertEquals(200, r.status(), r.json().toString());
        assertEquals(3, r.json().path("moved").asLong());
        assertTrue(r.json().path("removed").asBoolean());
        JsonNode g = http.get("/api/stream?stream=" + enc(stream)).json().path("groups").get(0);
        assertEquals(1, g.path("consumers").size());
        assertEquals("new", g.path("consumers").get(0).path("name").asText());
        assertEquals(3, g.path("consumers").get(0).path("pending").asLong());
    }

    @Test
    void trimShowsAPreviewThenTrims(TestKeys keys) {
        String stream = keys.stream("t");
        add(stream, 300);
        group(stream, "g");
        read(stream, "g", "c", 1);
        Http http = new Http(start(keys));

        JsonNode preview = http.get("/api/trim-preview?stream=" + enc(stream) + "&strategy=MAXLEN&threshold=10")
                .json();
        assertEquals(290, preview.path("entries").asLong());
        assertEquals("g", preview.path("pendingGroups").get(0).asText());
        Http.Reply trim = http.post("/api/trim", Map.of("stream", stream, "strategy", "MAXLEN", "threshold", "10"));
        assertEquals(200, trim.status(), trim.json().toString());
        long removed = trim.json().path("removed").asLong();
        assertTrue(removed > 0 && removed <= 290, "approximate trim removed " + removed);
        assertEquals(300 - removed, redisson.getStream(stream).size());
    }

    @Test
    void publishWritesLaravelsFieldsAndRefusesBadInputWithoutWriting(TestKeys keys) {
        String stream = keys.stream("order.placed");
        Http http = new Http(start(keys));

        Http.Reply ok = http.post("/api/publish", Map.of("event", stream, "domain", "shop",
                "data", "{\"orderId\":\"o-1\",\"totalCents\":1099}"));
        assertEquals(200, ok.status(), ok.json().toString());
        Map<String, String> fields = redisson.<String, String>getStream(stream, StringCodec.INSTANCE)
                .range(StreamMessageId.MIN, StreamMessageId.MAX).values().iterator().next();
        assertEquals(List.of("_id", "type", "version", "name", "domain", "created", "data"),
                List.copyOf(fields.keySet()).subList(0, 7), "Laravel Streamer's fields in its order");
        assertEquals(stream, fields.get("name"));
        assertEquals("shop", fields.get("domain"));
        assertEquals("{\"orderId\":\"o-1\",\"totalCents\":1099}", fields.get("data"));

        Http.Reply badData = http.post("/api/publish", Map.of("event", stream, "data", "{not json"));
        assertEquals(400, badData.status());
        assertTrue(badData.error().contains("'data' is not valid JSON"), badData.error());
        Http.Reply badBody = http.post("/api/publish", "{\"event\": ");
        assertEquals(400, badBody.status());
        assertTrue(badBody.error().contains("not valid JSON"), badBody.error());
        Http.Reply scalar = http.post("/api/publish", Map.of("event", stream, "data", "42"));
        assertEquals(400, scalar.status());
        assertEquals(1, redisson.getStream(stream).size(), "refused publishes wrote nothing");
    }

    @Test
    void badInputGetsAClear4xxNamingWhatAndWhere(TestKeys keys) {
        String stream = keys.stream("b");
        add(stream, 2);
        group(stream, "g");
        Http http = new Http(start(keys));
        String missing = keys.stream("missing");

        Http.Reply unknown = http.get("/api/entries?stream=" + enc(missing));
        assertEquals(404, unknown.status());
        assertEquals("stream '" + missing + "' does not exist", unknown.error());
        Http.Reply badId = http.get("/api/entries?stream=" + enc(stream) + "&after=12-x");
        assertEquals(400, badId.status());
        assertTrue(badId.error().contains("'after'") && badId.error().contains("12-x"), badId.error());
        Http.Reply noGroup = http.get("/api/pending?stream=" + enc(stream) + "&group=nope");
        assertEquals(404, noGroup.status());
        assertTrue(noGroup.error().contains("group 'nope'"), noGroup.error());
        Http.Reply claimUnknown = http.post("/api/claim", Map.of("stream", missing, "group", "g", "consumer", "c"));
        assertEquals(404, claimUnknown.status());
        assertFalse(redisson.getKeys().countExists(missing) > 0, "nothing created");
        Http.Reply badCount = http.get("/api/entries?stream=" + enc(stream) + "&count=0");
        assertEquals(400, badCount.status());
        Http.Reply badTrim = http.post("/api/trim", Map.of("stream", stream, "strategy", "MAXLEN", "threshold", "-3"));
        assertEquals(400, badTrim.status());
        assertTrue(badTrim.error().contains("MAXLEN"), badTrim.error());
        Http.Reply badStrategy = http.get("/api/trim-preview?stream=" + enc(stream) + "&strategy=SIZE&threshold=1");
        assertEquals(400, badStrategy.status());
        Http.Reply notObject = http.post("/api/handover", "[1]");
        assertEquals(400, notObject.status());
        assertEquals(2, redisson.getStream(stream).size(), "nothing trimmed");
    }

    @Test
    void deadLettersAreListedWithReasonsAndReplayed(TestKeys keys) {
        String stream = keys.stream("d");
        String dead = keys.stream("d:dead");
        Map<String, String> letter = new LinkedHashMap<>();
        letter.put("_id", "x");
        letter.put("name", stream);
        letter.put("data", "{}");
        letter.put("dead_original_id", "1-1");
        letter.put("dead_reason", "listener threw: boom");
        letter.put("dead_group", "g");
        String deadId = xadd(dead, letter);
        add(stream, 1);
        Http http = new Http(start(keys));

        JsonNode list = http.get("/api/deadletters?stream=" + enc(stream)).json();
        assertEquals(1, list.path("deadLetters").size());
        assertEquals("listener threw: boom", list.path("deadLetters").get(0).path("reason").asText());
        assertEquals("1-1", list.path("deadLetters").get(0).path("originalId").asText());
        Http.Reply replay = http.post("/api/deadletters/replay", Map.of("stream", stream, "ids", List.of(deadId)));
        assertEquals(200, replay.status(), replay.json().toString());
        assertEquals(1, replay.json().path("replayed").size());
        assertEquals(2, redisson.getStream(stream).size());
        assertEquals(0, redisson.getStream(dead).size());
    }

    @Test
    void failedMessagesAreListedRetriedAndFlushed(TestKeys keys) {
        String stream = keys.stream("failing");
        String id = add(stream, 1).get(0);
        var set = redisson.<String>getSet(keys.key("failed"), StringCodec.INSTANCE);
        set.add(new FailedMessage(id, stream, "App\\Listeners\\Retry", "boom", LocalDateTime.of(2024, 1, 2, 3, 4))
                .toJson());
        set.add(new FailedMessage("1-1", stream, "App\\Listeners\\Other", "bad", LocalDateTime.of(2024, 1, 2, 3, 5))
                .toJson());
        Http http = new Http(start(keys));

        JsonNode list = http.get("/api/failed").json();
        assertEquals(2, list.path("total").asInt());
        assertEquals("boom", list.path("failed").get(0).path("error").asText());
        JsonNode retry = http.post("/api/failed/retry", Map.of("receiver", "App\\Listeners\\Retry")).json();
        assertTrue(retry.path("outcomes").get(0).path("retried").asBoolean(), retry.toString());
        assertEquals(1, retried.get());
        assertEquals(1, set.size());
        assertEquals(1, http.post("/api/failed/flush", Map.of()).json().path("removed").asInt());
        assertEquals(0, set.size());
    }

    @Test
    void leversRunTheApplicationsActions(TestKeys keys) {
        Http http = new Http(start(keys));
        assertEquals("double", http.get("/api/session").json().path("levers").get(0).path("name").asText());
        assertEquals("doubled: 42", http.post("/api/levers", Map.of("name", "double", "value", 21)).json()
                .path("result").asText());
        assertEquals(404, http.post("/api/levers", Map.of("name", "nope")).status());
    }

    @Test
    void readOnlyRefusesEveryActionAndWritesNothing(TestKeys keys) {
        String stream = keys.stream("ro");
        add(stream, 2);
        group(stream, "g");
        read(stream, "g", "c", 2);
        ConsoleServer server = start(keys, ConsoleConfig.builder().readOnly(true));
        Http http = new Http(server);
        assertTrue(http.get("/api/session").json().path("readOnly").asBoolean());
        assertEquals(0, http.get("/api/session").json().path("levers").size());
        assertEquals(200, http.get("/api/streams").status());

        for (String path : List.of("/api/publish", "/api/claim", "/api/handover", "/api/trim",
                "/api/deadletters/replay", "/api/failed/retry", "/api/failed/flush", "/api/projections/rebuild",
                "/api/levers")) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("event", stream, "data", "{}", "stream", stream,
                    "group", "g", "consumer", "x", "from", "c", "to", "x", "strategy", "MAXLEN"));
            body.putAll(Map.of("threshold", "0", "all", true, "name", "double"));
            Http.Reply r = http.post(path, body);
            assertEquals(403, r.status(), path);
            assertTrue(r.error().contains("read-only"), r.error());
        }
        assertEquals(2, redisson.getStream(stream).size());
        assertEquals(2, redisson.getStream(stream, StringCodec.INSTANCE).getPendingInfo("g").getTotal());
        assertEquals("c", redisson.getStream(stream, StringCodec.INSTANCE).getPendingInfo("g").getConsumerNames()
                .keySet().iterator().next());
    }

    @Test
    void aTokenIsRequiredWhenConfiguredAndCsrfOnEveryPost(TestKeys keys) {
        String token = ConsoleConfig.generateToken();
        ConsoleServer server = start(keys, ConsoleConfig.builder().token(token));
        Http anonymous = new Http(server.url(), null);
        Http.Reply refused = anonymous.get("/api/streams");
        assertEquals(401, refused.status());
        assertFalse(refused.json().toString().contains(token));
        assertEquals(401, new Http(server.url(), "wrong-token-wrong-token").get("/api/streams").status());
        assertEquals(200, new Http(server).get("/api/streams").status());
        Http.Reply page = anonymous.get("/?token=" + token);
        assertEquals(302, page.status(), "the page with ?token= sets the cookie and drops the token from the URL");

        Http http = new Http(server);
        String stream = keys.stream("csrf");
        Http.Reply noCsrf = http.send(http.request("/api/publish").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"event\":\"" + stream
                        + "\",\"data\":{}}")).build());
        assertEquals(403, noCsrf.status());
        assertTrue(noCsrf.error().contains("X-CSRF-Token"), noCsrf.error());
        Http.Reply form = http.send(http.request("/api/publish").header("Content-Type",
                "application/x-www-form-urlencoded").header("X-CSRF-Token", http.csrf())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("event=x")).build());
        assertEquals(415, form.status());
        assertEquals(0, redisson.getKeys().countExists(stream));
    }

    @Test
    void aNonLoopbackBindNeedsATokenAndForeignHostNamesAreRefused(TestKeys keys) throws Exception {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConsoleConfig.builder().bind("0.0.0.0").build());
        assertTrue(e.getMessage().contains("requires an access token"), e.getMessage());
        ConsoleServer server = start(keys);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/streams HTTP/1.1\r\nHost: attacker.example:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(status.contains(" 403 "), status);
        }
    }

    @Test
    void theLiveTailStreamsNewEntriesAsServerSentEvents(TestKeys keys) throws Exception {
        String stream = keys.stream("tail");
        add(stream, 1);
        ConsoleServer server = start(keys);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/tail?stream=" + enc(stream) + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + server.port() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("event: ready")) {
                // headers and chunk sizes
            }
            String id = xadd(stream, Map.of("name", stream, "data", "{\"live\":true}"));
            StringBuilder seen = new StringBuilder();
            while ((line = in.readLine()) != null && !line.contains(id)) {
                seen.append(line).append('\n');
            }
            assertTrue(line != null && line.contains("live"), "no entry event for " + id + " in:\n" + seen);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode only(JsonNode streams, String name) {
        for (JsonNode s : streams) {
            if (s.path("stream").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name + " not listed in " + streams);
    }

    private static List<String> idsOf(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.path("id").asText()));
        return out;
    }

    private List<String> add(String stream, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("name", stream);
            fields.put("data", "{\"i\":" + i + "}");
            ids.add(xadd(stream, fields));
        }
        return ids;
    }

    private String xadd(String stream, Map<String, String> fields) {
        return EntryId.format(redisson.<String, String>getStream(stream, StringCodec.INSTANCE)
                .add(StreamAddArgs.entries(fields)));
    }

    private void group(String stream, String group) {
        redisson.getStream(stream, StringCodec.INSTANCE).createGroup(StreamCreateGroupArgs.name(group)
                .id(StreamMessageId.ALL));
    }

    private void read(String stream, String group, String consumer, int count) {
        RStream<String, String> s = redisson.getStream(stream, StringCodec.INSTANCE);
        s.readGroup(group, consumer, StreamReadGroupArgs.neverDelivered().count(count));
    }
}
