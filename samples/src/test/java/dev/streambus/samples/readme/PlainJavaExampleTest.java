package dev.streambus.samples.readme;

import dev.streambus.localredis.RedisTest;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamGroup;
import org.redisson.client.codec.StringCodec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's plain-Java example (no DI container) publishes, consumes and projects against real Redis and H2. */
@RedisTest
class PlainJavaExampleTest {

    private static final String STREAM = "invoice.sent";

    private final RedissonClient redisson;

    PlainJavaExampleTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @BeforeEach
    @AfterEach
    void deleteStreams() {
        redisson.getKeys().delete(STREAM, dev.streambus.deadletter.DeadLetterKeys.DEFAULT.of(STREAM));
    }

    @Test
    void publishesConsumesAndProjectsWithoutAContainer() throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:plain-java-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> PlainJavaExample.run(redisson, db));
        } finally {
            System.setOut(stdout);
        }

        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("emailing ann invoice i-1001"),
                "the listener ran: " + printed);
        assertEquals(List.of("i-1001 ann 4999"), invoices(db), "the projection applied the event once");

        var entries = redisson.<String, String>getStream(STREAM, StringCodec.INSTANCE)
                .range(StreamMessageId.MIN, StreamMessageId.MAX);
        assertEquals(1, entries.size());
        Map<String, String> fields = entries.values().iterator().next();
        assertEquals("invoice.sent", fields.get("name"));
        assertEquals("shop", fields.get("domain"));
        assertEquals("{\"invoiceId\":\"i-1001\",\"customer\":\"ann\",\"amountCents\":4999}", fields.get("data"));

        List<StreamGroup> groups = redisson.<String, String>getStream(STREAM, StringCodec.INSTANCE).listGroups();
        StreamGroup emails = groups.stream().filter(g -> g.getName().equals("emails")).findFirst().orElseThrow();
        assertEquals(0, emails.getPending(), "the listener's entry was acknowledged");
        assertEquals(entries.keySet().iterator().next(), emails.getLastDeliveredId());
    }

    private static List<String> invoices(JdbcDataSource db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT invoice_id, customer, amount_cents FROM invoices ORDER BY invoice_id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3));
            }
        }
        return rows;
    }
}
