package dev.streambus.samples.readme;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.TypedListener;
import dev.streambus.event.StreamerEvent;
import dev.streambus.projection.Projection;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.publish.Publisher;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import dev.streambus.redis.connect.RedisConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.redisson.api.RedissonClient;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The README's plain-Java example: publish, consume and a projection wired with {@code new} and builders, no DI
 * container. Compiled with the project and run against real Redis by {@code PlainJavaExampleTest}.
 */
public final class PlainJavaExample {

    private PlainJavaExample() {
    }

    // README:plain-java
    @StreamerEvent(name = "invoice.sent")
    public record InvoiceSent(String invoiceId, String customer, long amountCents) { }

    public static class EmailCustomer extends TypedListener<InvoiceSent> {
        public EmailCustomer() { super(InvoiceSent.class); }
        @Override protected void handle(InvoiceSent event, ReceivedMessage message) {
            System.out.println("emailing " + event.customer() + " invoice " + event.invoiceId());
        }
    }

    static Projection invoices() {                            // an SQL read model kept from the stream
        return Projection.named("invoices")
                .migrations("classpath:db/projection/invoices")   // V1__invoices.sql: CREATE TABLE invoices
                .on(InvoiceSent.class, (e, msg, db) -> {          // db: the batch's transaction
                    try (PreparedStatement insert = db.prepareStatement(
                            "INSERT INTO invoices (invoice_id, customer, amount_cents) VALUES (?, ?, ?)")) {
                        insert.setString(1, e.invoiceId());
                        insert.setString(2, e.customer());
                        insert.setLong(3, e.amountCents());
                        insert.executeUpdate();                   // a plain INSERT: each event is applied once
                    }
                })
                .reset(db -> {                                    // what rebuildAll() clears first
                    try (Statement delete = db.createStatement()) {
                        delete.executeUpdate("DELETE FROM invoices");
                    }
                })
                .build();
    }

    public static void main(String[] args) throws InterruptedException {
        RedissonClient redis = RedisConnection.fromUrl("redis://127.0.0.1:6379").connect();
        JdbcDataSource db = new JdbcDataSource();                 // any DataSource: H2, PostgreSQL, a pool
        db.setURL("jdbc:h2:mem:billing;DB_CLOSE_DELAY=-1");
        run(redis, db);
        redis.shutdown();
    }

    static void run(RedissonClient redis, DataSource db) throws InterruptedException {
        Publisher publisher = new RedisPublisher(redis, PublisherConfig.builder().domain("shop").build());
        EventConsumer consumer = EventConsumer.builder(redis)
                .config(ConsumerConfig.builder().group("emails").build())
                .listener(new EmailCustomer())
                .build();
        ProjectionRunner projection = ProjectionRunner.create(invoices(), redis, db);
        consumer.start();                                     // XREADGROUP emails, ack after success
        projection.start();                                   // its own group, one transaction per batch
        publisher.publish(new InvoiceSent("i-1001", "ann", 4999));   // XADD invoice.sent, Laravel's fields
        while (consumer.stats().acknowledged() < 1) {         // a service keeps running instead
            Thread.sleep(50);
        }
        projection.catchUp();                                 // apply what was published so far, then stop
        projection.close();
        consumer.close();                                     // finish in-flight handlers, ack them
    }
    // README:end
}
