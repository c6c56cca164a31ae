package dev.streambus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streambus.compat.Fixtures;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.publish.EventEncoder;
import dev.streambus.publish.PublisherConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Eloquent model events: PHP's entries read as typed events, and the same entries written from Java. */
class ModelEventTest {

    private static JsonNode entry(String caseName) {
        return Fixtures.load("cases/" + caseName + ".json").get("entries").get(0);
    }

    private static ReceivedMessage received(String caseName) {
        JsonNode entry = entry(caseName);
        LinkedHashMap<String, String> fields = Fixtures.fields(entry);
        return MessageDecoder.decode(fields.get("name"), entry.get("id").asText(), fields);
    }

    /** Encodes as a PHP app with domain php-app at the entry's created second would. */
    private static void assertSameEntry(String caseName, ModelEvent event) {
        LinkedHashMap<String, String> expected = Fixtures.fields(entry(caseName));
        Clock at = Clock.fixed(Instant.ofEpochSecond(Long.parseLong(expected.get("created"))), ZoneOffset.UTC);
        EventEncoder encoder = new EventEncoder(PublisherConfig.builder().domain("php-app").clock(at).build());
        assertEquals(expected, event.encode(encoder).message().fields());
    }

    @Test
    void created() {
        ModelEvent event = ModelEvent.from(received("model_created"));
        assertEquals(ModelAction.CREATED, event.action());
        assertEquals("fixture.product", event.baseName());
        assertEquals("id", event.keyName());
        assertEquals(1, event.key().intValue());
        assertEquals(List.of("name", "price", "stock", "active", "meta", "updated_at", "created_at", "id"),
                event.fields());
        assertTrue(event.before().get("price").isNull());
        assertEquals(49.99, event.after().get("price").doubleValue());
        assertEquals("{\"color\":\"red\",\"tags\":[\"a\"]}", event.after().get("meta").textValue(),
                "an array-cast column arrives as its raw JSON string");
        assertTrue(event.additional().isEmpty());

        ModelEvent java = ModelEvent.created("fixture.product", "id", IntNode.valueOf(1), event.after());
        assertSameEntry("model_created", java);
    }

    @Test
    void createdFromAJavaEntity() {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("name", "Widget / \"Pro\"");
        product.put("price", 49.99);
        product.put("stock", 5);
        product.put("active", true);
        product.put("meta", "{\"color\":\"red\",\"tags\":[\"a\"]}");
        product.put("updated_at", "2026-11-22 02:07:57");
        product.put("created_at", "2026-11-22 02:07:57");
        product.put("id", 1);
        assertSameEntry("model_created", ModelEvent.created("fixture.product", "id", product));
    }

    @Test
    void updated() {
        ModelEvent event = ModelEvent.from(received("model_updated"));
        assertEquals(ModelAction.UPDATED, event.action());
        assertEquals(List.of("price", "stock", "updated_at"), event.fields());
        assertEquals("2026-11-22T02:07:57.000000Z", event.before().get("updated_at").textValue());
        assertEquals("2026-11-22 02:07:58", event.after().get("updated_at").textValue());
        assertSameEntry("model_updated",
                ModelEvent.updated("fixture.product", "id", IntNode.valueOf(1), event.before(), event.after()));
    }

    record Product(int id, double price, int stock, String updated_at) {
    }

    @Test
    void updatedFromTwoEntityStates() {
        ModelEvent event = ModelEvent.changes("fixture.product", "id",
                new Product(1, 49.99, 5, "2026-11-22T02:07:57.000000Z"),
                new Product(1, 59.5, 3, "2026-11-22 02:07:58"));
        assertSameEntry("model_updated", event);
        assertThrows(IllegalArgumentException.class, () -> ModelEvent.changes("p", "id",
                new Product(1, 1, 1, "x"), new Product(1, 1, 1, "x")));
    }

    @Test
    void deleted() {
        ModelEvent event = ModelEvent.from(received("model_deleted"));
        assertTrue(event.deleted());
        assertEquals(1, event.key().intValue());
        assertSameEntry("model_deleted", ModelEvent.deleted("fixture.product", "id", IntNode.valueOf(1)));
    }

    @Test
    void additionalSitsAfterTheKeyAndAnUpperCaseBaseNameIsLowered() {
        ObjectNode additional = PhpJson.mapper().createObjectNode().put("tenant", "t1");
        ModelEvent event = ModelEvent.deleted("Fixture.Product", "id", IntNode.valueOf(7)).withAdditional(additional);
        assertEquals("fixture.product.deleted", event.eventName());
        assertEquals("{\"id\":7,\"additional\":{\"tenant\":\"t1\"},\"deleted\":true}", PhpJson.encode(event.payload()));
        assertEquals("{\"deleted\":true}", PhpJson.encode(ModelEvent.deleted("p", "id", IntNode.valueOf(0))
                .payload()), "PHP's array_filter drops a falsy key");
    }

    @Test
    void aNonModelEventIsMalformed() {
        ReceivedMessage message = received("simple_flat");
        assertThrows(MalformedMessageException.class, () -> ModelEvent.from(message));
    }
}
