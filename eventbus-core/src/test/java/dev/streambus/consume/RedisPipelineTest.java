package dev.streambus.consume;

import dev.streambus.deadletter.DeadLetter;
import dev.streambus.deadletter.DeadLetterFields;
import dev.streambus.deadletter.RedisDeadLetters;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.RedisStreams;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The Redis ports ({@link GroupSource}, its {@link GroupAcker}, {@link RedisDeadLetters}) hold to the contract. */
@RedisTest
class RedisPipelineTest extends PipelineContract {

    private final RedissonClient redisson;
    private final Streams streams;
    private TestKeys keys;

    RedisPipelineTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @BeforeEach
    void keys(TestInfo test) {
        keys = TestKeys.forTest(getClass().getSimpleName(), test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void deleteKeys() {
        keys.recorded().forEach(k -> {
            redisson.getKeys().delete(k);
            redisson.getKeys().delete(k + RedisDeadLetters.DEFAULT_SUFFIX);
        });
    }

    @Override
    protected String stream(String base) {
        return keys.stream(base);
    }

    @Override
    protected String append(String stream, int n) {
        return streams.xadd(stream, streams.fields(stream, n));
    }

    @Override
    protected StreamReader reader(List<String> names) {
        return new GroupSource(new RedisStreams(redisson), names, ConsumerConfig.builder().group("contract")
                .consumer("c1").block(Duration.ofMillis(100)).build(), Clock.systemUTC());
    }

    @Override
    protected Acker acker(StreamReader reader) {
        return ((GroupSource) reader).acker();
    }

    @Override
    protected List<List<String>> parkAndList(DeadLetter letter, String stream) {
        RedisDeadLetters sink = new RedisDeadLetters(new RedisStreams(redisson), RedisDeadLetters.DEFAULT_SUFFIX,
                Clock.systemUTC());
        sink.park(letter);
        return streams.entries(sink.streamFor(stream)).stream()
                .map(f -> List.of(f.get(DeadLetterFields.ORIGINAL_ID), f.get(DeadLetterFields.REASON))).toList();
    }
}
