package dev.streambus.spring;

import dev.streambus.consume.ConsumerState;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.Projection;
import dev.streambus.publish.Publisher;
import dev.streambus.spring.StarterEvents.OrderPaid;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@code Projection} bean runs live on the context's DataSource while the context runs. */
class StreamBusProjectionsTest extends StarterRedisTest {

    @Test
    void aProjectionBeanAppliesPublishedEventsAndReportsItsHealth(TestKeys keys) throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + keys.name("paid") + ";DB_CLOSE_DELAY=-1");
        Projection paid = Projection.named("spring_paid_" + keys.name("p").replace('-', '_'))
                .migrations("classpath:db/spring_paid")   // the table lives in the projection's build, read via a view
                .on(OrderPaid.class, (e, msg, db) -> {
                    try (PreparedStatement insert = db.prepareStatement("INSERT INTO paid VALUES (?, ?)")) {
                        insert.setString(1, e.orderId());
                        insert.setLong(2, e.amountCents());
                        insert.executeUpdate();
                    }
                })
                .reset(db -> db.createStatement().execute("DELETE FROM paid"))
                .build();
        runner.withBean(RedissonClient.class, () -> redisson)
                .withBean(DataSource.class, () -> h2)
                .withBean(Projection.class, () -> paid)
                .withPropertyValues("streambus.projections.block=200ms")
                .run(context -> {
                    assertTrue(context.getStartupFailure() == null, () -> "" + context.getStartupFailure());
                    context.getBean(Publisher.class).publish(new OrderPaid("o-9", 700));
                    Await.until(Duration.ofSeconds(30), () -> cents(h2, "o-9") == 700, () -> "not applied");
                    var live = context.getBean(StreamBusProjections.class).runners().get(0);
                    assertEquals(ConsumerState.Status.RUNNING, live.state().status());
                    HealthIndicator health = (HealthIndicator) context.getBean("streambusHealthContributor",
                            CompositeHealthContributor.class).getContributor("projection-" + paid.name());
                    assertEquals(Status.UP, health.health().getStatus(), () -> "" + health.health());
                });
    }

    private static long cents(DataSource db, String orderId) {
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT cents FROM paid WHERE order_id = ?")) {
            q.setString(1, orderId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
