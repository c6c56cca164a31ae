package dev.streambus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.compat.message.MessageType;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.publish.EventEncoder;
import dev.streambus.publish.OutgoingEvent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Laravel Eloquent model event as the {@code EmitsStreamerEvents} trait emits it, read or written.
 *
 * <p>Event name {@code strtolower(<base>).created|updated|deleted}, type {@code event}; payload members in PHP's
 * order: {@code <keyName>: key}, {@code additional} (only when non-empty), then for created/updated
 * {@code fields} (attribute names), {@code before} and {@code after} (attribute → value), for deleted
 * {@code "deleted": true}. PHP's {@code array_filter} drops a falsy key ({@code 0}, {@code ""}, {@code null}) and an
 * empty {@code additional}; {@link #payload()} does the same, so the {@code data} written is byte for byte PHP's for
 * the same values. Values are kept as given: PHP writes raw database values in {@code after} (an array-cast column
 * as a JSON <i>string</i>, timestamps as {@code Y-m-d H:i:s}) and cast values in an update's {@code before}.
 *
 * @param baseName   the model's base event name as given (PHP lower-cases it in the event name only)
 * @param action     created, updated or deleted
 * @param keyName    the primary key's name, e.g. {@code id}
 * @param key        the primary key value (a JSON node: number or string), or null when PHP dropped it
 * @param fields     changed (updated) or all (created) attribute names, in order; empty for deleted
 * @param before     values before, in {@code fields} order (all null for created); empty for deleted
 * @param after      values after, in {@code fields} order; empty for deleted
 * @param additional {@code getAdditionalPayloadData()}; empty when there is none
 */
public record ModelEvent(String baseName, ModelAction action, String keyName, JsonNode key, List<String> fields,
                         ObjectNode before, ObjectNode after, ObjectNode additional) {

    private static final Set<String> PAYLOAD_MEMBERS = Set.of("additional", "fields", "before", "after", "deleted");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Copies the containers (the record is immutable in practice: do not change the nodes it returns). */
    public ModelEvent {
        Objects.requireNonNull(baseName, "baseName");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(keyName, "keyName");
        fields = List.copyOf(fields);
        before = before == null ? NODES.objectNode() : before.deepCopy();
        after = after == null ? NODES.objectNode() : after.deepCopy();
        additional = additional == null ? NODES.objectNode() : additional.deepCopy();
    }

    /** {@code <model>.created} from the model's attributes, in attribute order: {@code before} all null. */
    public static ModelEvent created(String baseName, String keyName, JsonNode key, ObjectNode attributes) {
        ObjectNode before = NODES.objectNode();
        attributes.fieldNames().forEachRemaining(before::putNull);
        return new ModelEvent(baseName, ModelAction.CREATED, keyName, key, names(attributes), before, attributes,
                null);
    }

    /**
     * {@code <model>.updated} from the changed attributes: {@code fields} are {@code after}'s names in order;
     * {@code before} must hold a value for each (its order is taken from {@code after}).
     */
    public static ModelEvent updated(String baseName, String keyName, JsonNode key, ObjectNode before,
                                     ObjectNode after) {
        ObjectNode ordered = NODES.objectNode();
        after.fieldNames().forEachRemaining(name -> {
            if (!before.has(name)) {
                throw new IllegalArgumentException("no 'before' value for changed attribute '" + name + "'");
            }
            ordered.set(name, before.get(name));
        });
        return new ModelEvent(baseName, ModelAction.UPDATED, keyName, key, names(after), ordered, after, null);
    }

    /**
     * {@code <model>.updated} between two states of a Java entity (anything Jackson serializes, e.g. a record):
     * {@code fields} are the attributes of {@code newState} whose value differs, in {@code newState}'s order; the key
     * is {@code newState}'s {@code keyName} attribute.
     *
     * @throws IllegalArgumentException when nothing changed (PHP emits nothing then)
     */
    public static ModelEvent changes(String baseName, String keyName, Object oldState, Object newState) {
        ObjectNode old = toObject(oldState);
        ObjectNode now = toObject(newState);
        ObjectNode before = NODES.objectNode();
        ObjectNode after = NODES.objectNode();
        now.fields().forEachRemaining(member -> {
            JsonNode previous = old.has(member.getKey()) ? old.get(member.getKey()) : NODES.nullNode();
            if (!previous.equals(member.getValue())) {
                before.set(member.getKey(), previous);
                after.set(member.getKey(), member.getValue());
            }
        });
        if (after.isEmpty()) {
            throw new IllegalArgumentException("no attribute changed: PHP emits no updated event then");
        }
        return updated(baseName, keyName, now.get(keyName), before, after);
    }

    /** {@code <model>.created} from a Java entity's properties; the key is its {@code keyName} attribute. */
    public static ModelEvent created(String baseName, String keyName, Object entity) {
        ObjectNode attributes = toObject(entity);
        return created(baseName, keyName, attributes.get(keyName), attributes);
    }

    /** {@code <model>.deleted}. */
    public static ModelEvent deleted(String baseName, String keyName, JsonNode key) {
        return new ModelEvent(baseName, ModelAction.DELETED, keyName, key, List.of(), null, null, null);
    }

    /** The same event with {@code additional} payload data (empty: none). */
    public ModelEvent withAdditional(ObjectNode additional) {
        return new ModelEvent(baseName, action, keyName, key, fields, before, after, additional);
    }

    /** {@code strtolower(baseName) . "." . action}, the event name and stream. */
    public String eventName() {
        return baseName.toLowerCase(Locale.ROOT) + "." + action.suffix();
    }

    /** The payload, members in PHP's order (see the class description). */
    public ObjectNode payload() {
        ObjectNode payload = NODES.objectNode();
        if (key != null && !falsy(key)) {
            payload.set(keyName, key);
        }
        if (!additional.isEmpty()) {
            payload.set("additional", additional);
        }
        if (action == ModelAction.DELETED) {
            payload.put("deleted", true);
            return payload;
        }
        ArrayNode names = payload.putArray("fields");
        fields.forEach(names::add);
        payload.set("before", before);
        payload.set("after", after);
        return payload;
    }

    /** The entry to publish, as {@code Streamer::emit(new EloquentModelEvent(...))} writes it (type {@code event}). */
    public OutgoingEvent encode(EventEncoder encoder) {
        return encoder.encode(eventName(), MessageType.EVENT, payload(), null);
    }

    /**
     * Reads a received model event. The base name is the event name without its action suffix (already lower case);
     * the key is the payload's first member unless that is one of the trait's own members.
     *
     * @throws MalformedMessageException naming the entry when the name has no action suffix or the payload does not
     *                                   have the trait's shape
     */
    public static ModelEvent from(ReceivedMessage message) {
        ModelAction action = ModelAction.ofEventName(message.name()).orElseThrow(() -> malformed(message,
                StreamerMessage.NAME, "not a model event name (<model>.created|updated|deleted)"));
        String baseName = message.name().substring(0, message.name().length() - action.suffix().length() - 1);
        JsonNode data = message.data();
        if (!data.isObject()) {
            throw malformed(message, StreamerMessage.DATA, "not a JSON object");
        }
        String keyName = "";
        JsonNode key = null;
        Iterator<Map.Entry<String, JsonNode>> members = data.fields();
        if (members.hasNext()) {
            Map.Entry<String, JsonNode> first = members.next();
            if (!PAYLOAD_MEMBERS.contains(first.getKey())) {
                keyName = first.getKey();
                key = first.getValue();
            }
        }
        ObjectNode additional = objectOrEmpty(message, data, "additional");
        if (action == ModelAction.DELETED) {
            return new ModelEvent(baseName, action, keyName, key, List.of(), null, null, additional);
        }
        List<String> fields = new ArrayList<>();
        JsonNode names = data.get("fields");
        if (names != null && !names.isArray()) {
            throw malformed(message, StreamerMessage.DATA, "'fields' is not a list");
        }
        if (names != null) {
            names.forEach(name -> fields.add(name.asText()));
        }
        return new ModelEvent(baseName, action, keyName, key, fields, objectOrEmpty(message, data, "before"),
                objectOrEmpty(message, data, "after"), additional);
    }

    /** True for a deleted event. */
    public boolean deleted() {
        return action == ModelAction.DELETED;
    }

    private static ObjectNode objectOrEmpty(ReceivedMessage message, JsonNode data, String member) {
        JsonNode value = data.get(member);
        if (value == null || (value.isArray() && value.isEmpty())) {
            return NODES.objectNode(); // PHP writes an empty array as []
        }
        if (!value.isObject()) {
            throw malformed(message, StreamerMessage.DATA, "'" + member + "' is not an object");
        }
        return (ObjectNode) value;
    }

    private static boolean falsy(JsonNode value) {
        return value.isNull() || (value.isNumber() && value.asDouble() == 0)
                || (value.isTextual() && (value.textValue().isEmpty() || value.textValue().equals("0")))
                || (value.isBoolean() && !value.booleanValue());
    }

    private static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ObjectNode toObject(Object entity) {
        JsonNode node = entity instanceof JsonNode json ? json : PhpJson.mapper().valueToTree(entity);
        if (!node.isObject()) {
            throw new IllegalArgumentException("a model's attributes must serialize to a JSON object, not "
                    + node.getNodeType());
        }
        return (ObjectNode) node.deepCopy();
    }

    private static MalformedMessageException malformed(ReceivedMessage message, String field, String reason) {
        return new MalformedMessageException(message.stream(), message.id(), field, reason);
    }
}
