package dev.streambus.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.streambus.bus.EventBus;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.TypedListener;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.localredis.Await;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

@RedisTest
class GuiceWiringTest {

    static final String EVENT = "streambus.test.guice.order-paid";

    @StreamerEvent(name = EVENT)
    record OrderPaid(String orderId, double amount) {
    }

    @Singleton
    static class Receipts {
        final List<OrderPaid> sent = new CopyOnWriteArrayList<>();
    }

    static class SendReceipt extends TypedListener<OrderPaid> {
        private final Receipts receipts;

        @Inject
        SendReceipt(Receipts receipts) {
            super(OrderPaid.class);
            this.receipts = receipts;
        }

        @Override
        protected void handle(OrderPaid event, ReceivedMessage message) {
            receipts.sent.add(event);
        }
    }

    private final RedissonClient redisson;

    GuiceWiringTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @BeforeEach
    @AfterEach
    void deleteStream() {
        redisson.getKeys().delete(EVENT);
    }

    @Test
    void listenersBoundInAModuleReceiveTypedEventsPublishedThroughTheInjectedBus(TestKeys keys) {
        Injector injector = Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                bind(RedissonClient.class).toInstance(redisson);
                install(new StreamBusModule(PublisherConfig.builder().domain("orders-service").build(),
                        ConsumerConfig.builder().group(keys.name("receipts")).block(Duration.ofMillis(200)).build()));
                StreamBusModule.addListener(binder()).to(SendReceipt.class);
            }
        });
        try (EventBus bus = injector.getInstance(EventBus.class)) {
            bus.start();
            bus.publish(new OrderPaid("o-1", 49.99));
            Receipts receipts = injector.getInstance(Receipts.class);
            Await.until(Duration.ofSeconds(30), () -> receipts.sent.size() == 1, () -> "no receipt");
            assertEquals(new OrderPaid("o-1", 49.99), receipts.sent.get(0));
            assertEquals(List.of(EVENT), bus.consumer().streams());
        }
    }
}
