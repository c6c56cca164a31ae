package dev.streambus.compat.message;

import dev.streambus.compat.json.PhpJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamerMessageTest {

    @Test
    void emptyTopLevelObjectIsPhpsEmptyArrayButNestedOnesStayObjects() {
        assertEquals("[]", StreamerMessage.create(MessageType.EVENT, "e", "d",
                PhpJson.mapper().createObjectNode(), 1).data());
        assertEquals("{\"a\":{}}", StreamerMessage.create(MessageType.EVENT, "e", "d",
                PhpJson.decode("{\"a\":{}}"), 1).data());
        assertEquals("[]", StreamerMessage.create(MessageType.EVENT, "e", "d",
                PhpJson.mapper().createArrayNode(), 1).data());
    }

    @Test
    void fieldsInPhpOrderAndHashOverTheWireStrings() {
        StreamerMessage message = StreamerMessage.create(MessageType.COMMAND, "orders.ship", null,
                PhpJson.decode("{\"id\":1}"), 1795313277L).withOriginalId("1-0");
        assertEquals("", message.domain());
        assertEquals(List.of("_id", "original_id", "type", "version", "name", "domain", "created", "data", "hash"),
                List.copyOf(message.fields().keySet()));
        assertEquals("*", message.fields().get("_id"));
        assertEquals("1795313277", message.fields().get("created"));
        assertEquals("1.3", message.fields().get("version"));
        assertEquals(StreamerMessage.hash("command", "orders.ship", "", "{\"id\":1}"), message.hash());
        assertTrue(message.hash().matches("[0-9a-f]{64}"));
        // sha256("") is well known
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                StreamerMessage.hash("", "", "", ""));
    }
}
