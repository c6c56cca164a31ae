package dev.streambus.benchmarks.bus;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.Listeners;
import dev.streambus.publish.RedisPublisher;
import org.redisson.api.RedissonClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;

/** Ours: {@code publishAsync} of the typed event (encoding timed) and an {@link EventConsumer} with defaults. */
final class OurLatencySubject implements LatencySubject {

    private final RedissonClient redisson;
    private final RedisPublisher publisher;
    private final RunEventType events;
    private final String stream;
    private final RunKeys keys;

    OurLatencySubject(RedissonClient redisson, RedisPublisher publisher, RunEventType events, String stream,
                      RunKeys keys) {
        this.redisson = redisson;
        this.publisher = publisher;
        this.events = events;
        this.stream = stream;
        this.keys = keys;
    }

    @Override
    public String label() {
        return "ours publishAsync -> EventConsumer (defaults)";
    }

    @Override
    public Run start(int total, IntConsumer handled) {
        List<Object> batch = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            batch.add(events.sample(i));
        }
        EventConsumer consumer = EventConsumer.builder(redisson)
                .config(ConsumerConfig.builder().group("bench-latency-group-" + keys.suffix())
                        .consumer("bench-latency").startFrom("0").build())
                .listener(Listeners.on(events.type(), "bench-latency",
                        (event, message) -> handled.accept((int) events.sequence(event))))
                .build();
        consumer.start();
        return new Run() {
            @Override
            public CompletionStage<String> send(int i) {
                return publisher.publishAsync(batch.get(i));
            }

            @Override
            public void close() {
                try {
                    consumer.close();
                } finally {
                    keys.delete(stream);
                }
            }
        };
    }
}
