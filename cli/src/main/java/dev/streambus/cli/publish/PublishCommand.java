package dev.streambus.cli.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.cli.RedisCommand;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MessageType;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;

/**
 * Publishes one event exactly as a typed publish writes it ({@code Streamer::emit}'s fields and order): the payload's
 * numbers, strings and key order are kept as given in {@code --data} and written in PHP's JSON. Prints the entry id.
 */
@Command(name = "publish", description = "Publishes one event; prints its entry id.")
public final class PublishCommand extends RedisCommand {

    @Parameters(index = "0", paramLabel = "<event>", description = "Event name (also the stream).")
    String event;

    @Option(names = "--data", required = true, paramLabel = "<json>", converter = JsonConverter.class,
            description = "The payload: a JSON object or list.")
    JsonNode data;

    @Option(names = "--type", defaultValue = "event", converter = TypeConverter.class,
            description = "event, notification or command (default: ${DEFAULT-VALUE}).")
    MessageType type;

    @Option(names = "--domain", description = "The domain field (default: $STREAMBUS_DOMAIN, else empty).")
    String domain;

    @Option(names = "--history-id", paramLabel = "<identifier>",
            description = "Also record a history snapshot for this identifier (a Replayable event).")
    String historyId;

    @Override
    protected void validate() {
        if (!data.isContainerNode()) {
            throw usage("--data must be a JSON object or list, not " + data.getNodeType().name()
                    .toLowerCase(Locale.ROOT));
        }
    }

    @Override
    protected int run(RedissonClient redisson) {
        String wireDomain = domain != null ? domain : root.env("STREAMBUS_DOMAIN");
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain(wireDomain)
                .clock(root.clock()).build());
        String id = publisher.send(publisher.encoder().encode(event, type, data, historyId)).join();
        print(List.of(id));
        return 0;
    }

    /** A bad JSON payload is a usage error. */
    static final class JsonConverter implements ITypeConverter<JsonNode> {
        @Override
        public JsonNode convert(String value) {
            try {
                return PhpJson.decode(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
            }
        }
    }

    /** {@code event}, {@code notification} or {@code command}. */
    static final class TypeConverter implements ITypeConverter<MessageType> {
        @Override
        public MessageType convert(String value) {
            for (MessageType t : MessageType.values()) {
                if (t.wireName().equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("expected event, notification or command, got '" + value + "'");
        }
    }
}
