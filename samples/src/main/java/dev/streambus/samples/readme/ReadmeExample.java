package dev.streambus.samples.readme;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import dev.streambus.bus.EventBus;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.TypedListener;
import dev.streambus.event.StreamerEvent;
import dev.streambus.guice.StreamBusModule;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.redis.connect.RedisConnection;
import org.redisson.api.RedissonClient;

/** The README's Guice example, compiled with the project so it cannot rot. */
public final class ReadmeExample {

    private ReadmeExample() {
    }

    // README:example
    @StreamerEvent(name = "order.paid")                       // stream + name field, as Laravel names it
    public record OrderPaid(String orderId, long amountCents) { }

    public static class SendReceipt extends TypedListener<OrderPaid> {
        public SendReceipt() { super(OrderPaid.class); }
        @Override protected void handle(OrderPaid event, ReceivedMessage message) {
            System.out.println("receipt for " + event.orderId() + " (entry " + message.id() + ")");
        }
    }

    public static void main(String[] args) throws InterruptedException {
        RedissonClient redis = RedisConnection.fromUrl("redis://127.0.0.1:6379").connect();
        EventBus bus = Guice.createInjector(new AbstractModule() {
            @Override protected void configure() {
                bind(RedissonClient.class).toInstance(redis);
                install(new StreamBusModule(PublisherConfig.builder().domain("shop").build(),
                        ConsumerConfig.builder().group("receipts").build()));
                StreamBusModule.addListener(binder()).to(SendReceipt.class);
            }
        }).getInstance(EventBus.class);
        bus.start();                                          // XREADGROUP receipts, ack after success
        bus.publish(new OrderPaid("o-1001", 4999));           // XADD order.paid, Laravel's fields
        Thread.sleep(1_000);
        bus.close();                                          // finish in-flight handlers, ack them
        redis.shutdown();
    }
    // README:end
}
