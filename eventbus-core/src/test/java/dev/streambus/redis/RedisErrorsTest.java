package dev.streambus.redis;

import dev.streambus.localredis.RedisTest;
import dev.streambus.redis.connect.RedisFailures;
import dev.streambus.localredis.TestKeys;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real error replies, as Redisson throws them, sorted into permanent and transient. */
@RedisTest
class RedisErrorsTest {

    private final RedissonClient redisson;

    RedisErrorsTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void wrongTypeIsPermanentAndItsReplyCarriesNoCommandDump(TestKeys keys) {
        String key = keys.key("string");
        redisson.getBucket(key, StringCodec.INSTANCE).set("not a stream");
        RuntimeException e = assertThrows(RuntimeException.class, () -> redisson
                .<String, String>getStream(key, StringCodec.INSTANCE).add(StreamAddArgs.entry("f", "v")));
        assertTrue(RedisErrors.isPermanent(e), e.toString());
        assertTrue(RedisFailures.describe(e).startsWith("WRONGTYPE"), RedisFailures.describe(e));
        assertFalse(RedisFailures.describe(e).contains("channel"), RedisFailures.describe(e));
    }

    @Test
    void aScriptErrorIsPermanentAndItsReplyOmitsTheScript() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> redisson.getScript(StringCodec.INSTANCE)
                .eval(RScript.Mode.READ_WRITE, "return redis.call('NO-SUCH-COMMAND')",
                        RScript.ReturnType.VALUE));
        assertTrue(RedisErrors.isPermanent(e), e.toString());
        assertFalse(RedisFailures.describe(e).contains("redis.call"), RedisFailures.describe(e));
    }

    @Test
    void aMissingGroupIsNotPermanent(TestKeys keys) {
        String stream = keys.stream("orders");
        redisson.<String, String>getStream(stream, StringCodec.INSTANCE).add(StreamAddArgs.entry("f", "v"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> redisson
                .<String, String>getStream(stream, StringCodec.INSTANCE)
                .readGroup("no-such-group", "c", StreamReadGroupArgs.neverDelivered()));
        assertTrue(RedisErrors.isNoGroup(e), e.toString());
        assertFalse(RedisErrors.isPermanent(e), e.toString());
    }
}
