package dev.streambus.archive.jdbc;

import dev.streambus.archive.ArchiveException;
import dev.streambus.archive.ArchivedMessage;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcArchiveStorageTest {

    private JdbcArchiveStorage storage;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcArchiveStorage.migrate(h2);
        JdbcArchiveStorage.migrate(h2); // idempotent
        storage = new JdbcArchiveStorage(h2, Clock.systemUTC());
    }

    private static ArchivedMessage message(String stream, String id, String data) {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put("_id", "*");
        fields.put("type", "notification");
        fields.put("name", stream);
        fields.put("created", "1795313279");
        fields.put("data", data);
        fields.put("zzz-extra", "\u00e9 / \u65e5");
        return new ArchivedMessage(stream, id, fields);
    }

    @Test
    void keepsFieldsByteForByteInOrder() {
        ArchivedMessage m = message("a", "1-0", "{\"path\":\"a\\/b\",\"u\":\"\\u00e9\"}");
        storage.create(m);
        ArchivedMessage read = storage.find("a", "1-0").orElseThrow();
        assertEquals(m, read);
        assertEquals(List.copyOf(m.fields().keySet()), List.copyOf(read.fields().keySet()));
        assertEquals("1-0", read.fields().get("_id"));
    }

    @Test
    void listsInArchivingOrderAndDeletes() {
        storage.create(message("b", "2-0", "[]"));
        storage.create(message("a", "1-0", "[]"));
        storage.create(message("b", "1-0", "[]"));
        assertEquals(List.of("2-0", "1-0", "1-0"), storage.all().stream().map(ArchivedMessage::id).toList());
        assertEquals(List.of("2-0", "1-0"), storage.findMany("b").stream().map(ArchivedMessage::id).toList());
        assertThrows(ArchiveException.class, () -> storage.create(message("b", "2-0", "[]")));
        assertTrue(storage.delete("b", "2-0"));
        assertFalse(storage.delete("b", "2-0"));
        assertTrue(storage.find("b", "2-0").isEmpty());
    }
}
