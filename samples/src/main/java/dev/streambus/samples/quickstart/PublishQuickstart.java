package dev.streambus.samples.quickstart;

import dev.streambus.localredis.LocalRedis;
import dev.streambus.publish.Publisher;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.util.List;
import java.util.Map;

/**
 * Publishes one typed event and prints the stream entry it became: the fields a Laravel app running
 * {@code php artisan streamer:listen order.placed} reads.
 */
public final class PublishQuickstart {

    private PublishQuickstart() {
    }

    public static void main(String[] args) {
        LocalRedis redis = LocalRedis.resolve();
        RedissonClient redisson = redis.newClient();
        try {
            // README-EXAMPLE-START
            Publisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("shop").build());
            String id = publisher.publish(new OrderPlaced("o-1001", "ann", 4999, List.of("mug/red", "tée")));
            // README-EXAMPLE-END
            Map<String, String> fields = redisson.<String, String>getStream("order.placed", StringCodec.INSTANCE)
                    .range(StreamMessageId.MIN, StreamMessageId.MAX).get(parse(id));
            System.out.println("Redis: " + redis.describe());
            System.out.println("XADD order.placed -> " + id);
            fields.forEach((field, value) -> System.out.printf("  %-8s %s%n", field, value));
        } finally {
            redisson.shutdown();
        }
    }

    private static StreamMessageId parse(String id) {
        return dev.streambus.redis.EntryId.parse(id);
    }
}
