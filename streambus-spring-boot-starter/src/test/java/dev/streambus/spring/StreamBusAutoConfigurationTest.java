package dev.streambus.spring;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ConsumerState;
import dev.streambus.consume.EventConsumer;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.LocalRedis;
import dev.streambus.localredis.TestKeys;
import dev.streambus.publish.Publisher;
import dev.streambus.spring.StarterEvents.Audit;
import dev.streambus.spring.StarterEvents.OrderPaid;
import dev.streambus.spring.StarterEvents.Receipts;
import dev.streambus.spring.StarterEvents.UserCreated;
import dev.streambus.projection.Projection;
import dev.streambus.projection.ProjectionRunner;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.streambus.spring.StarterEvents.PAID;
import static dev.streambus.spring.StarterEvents.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamBusAutoConfigurationTest extends StarterRedisTest {


    @Test
    void withAUrlTheContextCreatesItsOwnRedisClientAndShutsItDownOnClose() {
        AtomicReference<RedissonClient> created = new AtomicReference<>();
        runner.withPropertyValues("streambus.redis.url=" + LocalRedis.resolve().url(), "streambus.domain=shop")
                .run(context -> {
                    assertTrue(context.getStartupFailure() == null, () -> "" + context.getStartupFailure());
                    created.set(context.getBean(RedissonClient.class));
                    String id = context.getBean(Publisher.class).publish(new OrderPaid("o-1", 4999));
                    var entries = redisson.<String, String>getStream(PAID).range(
                            StreamRangeArgs.startId(StreamMessageId.MIN).endId(StreamMessageId.MAX).count(10));
                    assertEquals(List.of(id), entries.keySet().stream().map(Object::toString).toList());
                    assertEquals("shop", entries.values().iterator().next().get("domain"));
                    assertTrue(context.getBean(StreamBusConsumer.class).consumer().isEmpty(),
                            "no listeners: publish only");
                });
        assertTrue(created.get().isShutdown(), "the client the starter created is shut down with the context");
    }

    @Test
    void anExistingRedissonClientBeanIsUsedAndLeftOpen() {
        runner.withBean(RedissonClient.class, () -> redisson).run(context -> {
            assertTrue(context.getStartupFailure() == null, () -> "" + context.getStartupFailure());
            assertSame(redisson, context.getBean(RedissonClient.class));
            assertEquals(1, context.getBeansOfType(RedissonClient.class).size());
            assertTrue(context.getBean(Publisher.class).publish(new OrderPaid("o-2", 1)).contains("-"));
        });
        assertFalse(redisson.isShutdown(), "the application's own client is not the starter's to shut down");
    }

    @Test
    void listenerBeansAndAnnotatedMethodsReceiveWhatTheInjectedPublisherPublishes(TestKeys keys) {
        String group = keys.name("receipts");
        AtomicReference<EventConsumer> consumer = new AtomicReference<>();
        runner.withBean(RedissonClient.class, () -> redisson)
                .withBean(Receipts.class).withBean(Audit.class)
                .withPropertyValues("streambus.consumer.group=" + group, "streambus.consumer.block=200ms")
                .run(context -> {
                    assertTrue(context.getStartupFailure() == null, () -> "" + context.getStartupFailure());
                    Publisher publisher = context.getBean(Publisher.class);
                    String paidId = publisher.publish(new OrderPaid("o-3", 2500));
                    String userId = publisher.publish(new UserCreated("ada@example.com"));
                    Receipts receipts = context.getBean(Receipts.class);
                    Audit audit = context.getBean(Audit.class);
                    Await.until(Duration.ofSeconds(30), () -> receipts.received.size() == 1
                                    && audit.paid.size() == 1 && audit.paidIds.size() == 1 && audit.users.size() == 1,
                            () -> "receipts " + receipts.received + ", audit " + audit.paid + audit.paidIds
                                    + audit.users);
                    assertEquals(List.of(new OrderPaid("o-3", 2500)), receipts.received);
                    assertEquals(List.of(new OrderPaid("o-3", 2500)), audit.paid);
                    assertEquals(List.of(paidId), audit.paidIds);
                    ReceivedMessage user = audit.users.get(0);
                    assertEquals(userId, user.id());
                    assertEquals("ada@example.com", user.dataAs(UserCreated.class).email());
                    consumer.set(context.getBean(StreamBusConsumer.class).consumer().orElseThrow());
                    assertEquals(group, consumer.get().config().group());
                    assertEquals(List.of(PAID, USER), consumer.get().streams().stream().sorted().toList());
                    Await.until(Duration.ofSeconds(10), () -> pending(PAID, group) == 0 && pending(USER, group) == 0,
                            () -> "entries still pending");
                });
        assertEquals(ConsumerState.Status.STOPPED, consumer.get().state().status(), "stopped with the context");
    }

    @Test
    void withoutActuatorHealthOrTheProjectionsModuleTheRestStillWorks() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class, ProjectionRunner.class))
                .withBean(RedissonClient.class, () -> redisson)
                .withBean(DataSource.class, JdbcDataSource::new)
                .withBean(Projection.class, () -> Projection.named("unused").on(OrderPaid.class, (e, m, db) -> { })
                        .reset(db -> { }).build())
                .run(context -> {
                    assertTrue(context.getStartupFailure() == null, () -> "" + context.getStartupFailure());
                    assertFalse(context.containsBean("streambusHealthContributor"));
                    assertTrue(context.getBeansOfType(StreamBusProjections.class).isEmpty());
                    assertTrue(context.getBean(Publisher.class).publish(new OrderPaid("o-4", 1)).contains("-"));
                });
    }

    private long pending(String stream, String group) {
        return redisson.getStream(stream).getPendingInfo(group).getTotal();
    }
}
