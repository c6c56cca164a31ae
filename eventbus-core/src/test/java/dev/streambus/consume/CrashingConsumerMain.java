package dev.streambus.consume;

import dev.streambus.localredis.LocalRedis;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.Set;

/**
 * A consumer process for {@link CrashRecoveryTest}: records each handled entry id in a Redis set, and on the
 * {@code hangAt}-th entry prints {@code IN-HANDLER} and hangs inside the handler, waiting to be killed.
 * Arguments: stream, group, consumer, handled-set key, hangAt. Redis comes from REDIS_URL.
 */
public final class CrashingConsumerMain {

    public static void main(String[] args) throws Exception {
        String stream = args[0];
        String group = args[1];
        String consumer = args[2];
        String handledKey = args[3];
        int hangAt = Integer.parseInt(args[4]);
        RedissonClient redisson = LocalRedis.resolve().newClient();
        var handled = redisson.<String>getSet(handledKey, StringCodec.INSTANCE);
        int[] count = {0};
        EventConsumer eventConsumer = EventConsumer.builder(redisson)
                .config(ConsumerConfig.builder().group(group).consumer(consumer).batchSize(50)
                        .block(Duration.ofMillis(200)).build())
                .listener(Listeners.onMessage(Set.of(stream), "CrashingListener", message -> {
                    if (++count[0] == hangAt) {
                        System.out.println("IN-HANDLER " + message.id());
                        System.out.flush();
                        Thread.sleep(Duration.ofMinutes(5).toMillis());
                    }
                    handled.add(message.id());
                    Thread.sleep(1);
                }))
                .build();
        eventConsumer.start();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
}
