package dev.streambus.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.localredis.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One refresh of the overview costs a bounded number of Redis commands whatever the number of streams: counted with
 * INFO commandstats on an own redis-server holding 1,000, then 2,000 streams (each with a group and a consumer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshCostTest {

    private static final int PAGE = 50;

    private RedisServerProcess server;
    private RedissonClient redisson;
    private ConsoleServer console;

    @BeforeAll
    void start() {
        server = RedisServerProcess.create().start();
        redisson = server.newClient();
        console = ConsoleServer.builder(redisson).config(ConsoleConfig.builder().port(0).pageSize(PAGE).build())
                .build().start();
    }

    @AfterAll
    void stop() {
        if (console != null) {
            console.close();
        }
        if (redisson != null) {
            redisson.shutdown();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRefreshCostsTheSameBoundedNumberOfCommandsFor1000And2000Streams() {
        Http http = new Http(console);
        createStreams(0, 1_000);
        long first = commandsFor(http);
        createStreams(1_000, 2_000);
        long second = commandsFor(http);
        System.out.printf("overview refresh: %d Redis commands with 1,000 streams, %d with 2,000 (page of %d)%n",
                first, second, PAGE);
        // per stream of the page: EVAL + TYPE + XINFO STREAM/GROUPS/CONSUMERS + XLEN (dead) + XRANGE + MEMORY USAGE;
        // a page holds about PAGE names (SCAN may give a few more), plus the SCAN calls of the page script
        long bound = 2L * PAGE * 8 + dev.streambus.ops.BusInspector.PAGE_SCANS + 1;
        assertTrue(first <= bound, first + " commands for one refresh, bound " + bound);
        assertTrue(second <= bound, second + " commands for one refresh, bound " + bound);
        assertTrue(Math.abs(second - first) <= 8L * PAGE / 2, "cost must not grow with the streams: " + first
                + " vs " + second);
    }

    /** Commands Redis ran for one GET /api/streams (INFO, CONFIG and PING of the measurement left out). */
    private long commandsFor(Http http) {
        server.command("CONFIG", "RESETSTAT");
        Http.Reply page = http.get("/api/streams");
        assertEquals(200, page.status(), page.json().toString());
        JsonNode streams = page.json().path("streams");
        assertTrue(streams.size() >= 1 && streams.size() <= 2 * PAGE, "page of " + streams.size());
        assertTrue(!page.json().path("nextCursor").isNull(), "more pages follow");
        String stats = String.valueOf(server.command("INFO", "commandstats"));
        long calls = 0;
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info") && !line.startsWith("cmdstat_config")
                    && !line.startsWith("cmdstat_ping")) {
                String n = line.substring(line.indexOf("calls=") + 6);
                calls += Long.parseLong(n.substring(0, n.indexOf(',')));
            }
        }
        return calls;
    }

    private void createStreams(int from, int to) {
        RBatch batch = redisson.createBatch(BatchOptions.defaults());
        for (int i = from; i < to; i++) {
            String name = "s" + i;
            batch.getStream(name, StringCodec.INSTANCE).addAsync(StreamAddArgs.entries(Map.of("name", name,
                    "data", "{}")));
            batch.getStream(name, StringCodec.INSTANCE).createGroupAsync(StreamCreateGroupArgs.name("g")
                    .id(StreamMessageId.ALL));
            batch.getStream(name, StringCodec.INSTANCE).createConsumerAsync("g", "c");
        }
        batch.execute();
        assertEquals(to, ((Number) server.command("DBSIZE")).intValue(), List.of(from, to).toString());
    }
}
