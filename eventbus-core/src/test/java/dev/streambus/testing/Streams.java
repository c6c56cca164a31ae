package dev.streambus.testing;

import dev.streambus.compat.message.MessageType;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes test entries: Laravel-format ones through the publisher, or raw fields as redis-cli would. */
public final class Streams {

    private final RedissonClient redisson;
    private final RedisPublisher publisher;

    public Streams(RedissonClient redisson) {
        this.redisson = redisson;
        this.publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("java-tests").build());
    }

    public RedisPublisher publisher() {
        return publisher;
    }

    /** Publishes a Laravel-format event named {@code stream} with {@code payload}; returns the entry id. */
    public String publish(String stream, Map<String, ?> payload) {
        try {
            return publisher.send(publisher.encoder().encode(stream, MessageType.EVENT,
                    PhpJson.mapper().valueToTree(payload), null)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Publishes {@code count} Laravel-format events {@code {"n": i}} in pipelined batches; returns their ids. */
    public List<String> publishMany(String stream, int count) {
        List<String> ids = new java.util.ArrayList<>(count);
        for (int from = 0; from < count; from += 1_000) {
            var batch = redisson.createBatch();
            List<org.redisson.api.RFuture<org.redisson.api.stream.StreamMessageId>> futures = new java.util.ArrayList<>();
            for (int i = from; i < Math.min(count, from + 1_000); i++) {
                futures.add(batch.<String, String>getStream(stream, StringCodec.INSTANCE)
                        .addAsync(StreamAddArgs.entries(fields(stream, i))));
            }
            batch.execute();
            futures.forEach(f -> ids.add(dev.streambus.redis.EntryId.format(f.toCompletableFuture().join())));
        }
        return ids;
    }

    /** The fields of the Laravel-format event {@code {"n": n}} named {@code stream}, for an XADD of one's own. */
    public Map<String, String> fields(String stream, int n) {
        return publisher.encoder().encode(stream, MessageType.EVENT, PhpJson.mapper().valueToTree(Map.of("n", n)),
                null).message().fields();
    }

    /** XADDs raw fields in the given order, like {@code redis-cli XADD stream * f1 v1 ...}. */
    public String xadd(String stream, String... fieldsAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return xadd(stream, fields);
    }

    public String xadd(String stream, Map<String, String> fields) {
        var id = redisson.<String, String>getStream(stream, StringCodec.INSTANCE).add(StreamAddArgs.entries(fields));
        return id.getId0() + "-" + id.getId1();
    }

    /** Field pairs of every entry, in stored order. */
    public List<Map<String, String>> entries(String stream) {
        return List.copyOf(redisson.<String, String>getStream(stream, StringCodec.INSTANCE)
                .range(org.redisson.api.stream.StreamMessageId.MIN, org.redisson.api.stream.StreamMessageId.MAX)
                .values());
    }

    /**
     * Removes the {@code failed_stream} members a test class left (their stream names carry the class's test-key
     * prefix {@code t:<TestClass>:}), so a failing test does not leak records into the shared set.
     */
    public void removeFailureRecordsOf(Class<?> testClass) {
        var set = redisson.<String>getSet(dev.streambus.compat.failed.FailedMessage.SET_KEY, StringCodec.INSTANCE);
        String marker = "\"stream\":\"t:" + testClass.getSimpleName() + ":";
        set.readAll().stream().filter(member -> member.contains(marker)).forEach(set::remove);
    }

    /** Pending entries of a group (XPENDING summary count). */
    public long pending(String stream, String group) {
        return redisson.<String, String>getStream(stream, StringCodec.INSTANCE).getPendingInfo(group).getTotal();
    }

    /** XADDs {@code n} entries {@code n=0..n-1} (not Laravel-format); returns their ids. */
    public List<String> addNumbered(String stream, int n) {
        List<String> ids = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(xadd(stream, "n", Integer.toString(i)));
        }
        return ids;
    }

    /** XGROUP CREATE at the start of the stream (id 0). */
    public void createGroupAtStart(String stream, String group) {
        redisson.<String, String>getStream(stream, StringCodec.INSTANCE).createGroup(
                org.redisson.api.stream.StreamCreateGroupArgs.name(group)
                        .id(org.redisson.api.stream.StreamMessageId.ALL));
    }

    /** XREADGROUP of {@code count} new entries as {@code consumer}, leaving them pending. */
    public void readNew(String stream, String group, String consumer, int count) {
        redisson.<String, String>getStream(stream, StringCodec.INSTANCE).readGroup(group, consumer,
                org.redisson.api.stream.StreamReadGroupArgs.neverDelivered().count(count));
    }
}
