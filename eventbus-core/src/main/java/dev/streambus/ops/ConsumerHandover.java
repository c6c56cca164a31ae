package dev.streambus.ops;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.List;
import java.util.Objects;

/**
 * Hands a consumer's pending entries to another consumer of the same group, then removes it (XCLAIM ... JUSTID, then
 * XGROUP DELCONSUMER).
 *
 * <p>Guarantee: no pending entry is lost. Each step is one server-side script that moves up to
 * {@value #BATCH} entries and deletes the consumer only when, in that same script, its pending list is empty, so an
 * entry delivered to it meanwhile is moved by the next step instead of being dropped with the consumer. JUSTID keeps
 * the delivery counts as they were. An entry whose payload was deleted is dropped from the pending list by Redis 7's
 * XCLAIM; it is counted in {@link Result#dropped()}.
 */
public final class ConsumerHandover {

    /** Entries moved per script call. */
    public static final int BATCH = 500;

    /**
     * KEYS[1] stream; ARGV group, from, to, batch. Returns {moved, dropped, removed (0/1)}. Errors (NOGROUP)
     * come back as Redis errors.
     */
    private static final String SCRIPT = """
            local pending = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', tonumber(ARGV[4]), ARGV[2])
            local moved = 0
            if #pending > 0 then
              local ids = {}
              for i, p in ipairs(pending) do ids[i] = p[1] end
              ids[#ids + 1] = 'JUSTID'
              moved = #redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, unpack(ids))
            end
            local dropped = #pending - moved
            if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2]) == 0 then
              redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
              return {moved, dropped, 1}
            end
            return {moved, dropped, 0}""";

    /**
     * What a hand-over did.
     *
     * @param moved   entries now pending on the receiving consumer
     * @param dropped entries Redis removed from the pending list because their payload was gone
     * @param removed true when the consumer was deleted
     */
    public record Result(long moved, long dropped, boolean removed) {
    }

    private final RedissonClient redisson;

    public ConsumerHandover(RedissonClient redisson) {
        this.redisson = Objects.requireNonNull(redisson, "redisson");
    }

    /**
     * Moves every pending entry of {@code from} to {@code to} (created if it does not exist) and removes {@code from}.
     *
     * @throws IllegalArgumentException if {@code from} equals {@code to} or a name is empty
     * @throws org.redisson.client.RedisException when the stream or group does not exist
     */
    public Result handOver(String stream, String group, String from, String to) {
        if (from == null || from.isEmpty() || to == null || to.isEmpty()) {
            throw new IllegalArgumentException("both consumers must be named");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("cannot hand consumer '" + from + "' over to itself");
        }
        long moved = 0;
        long dropped = 0;
        while (true) {
            List<Object> reply = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, SCRIPT,
                    RScript.ReturnType.LIST, List.of(stream), group, from, to, Integer.toString(BATCH));
            moved += ((Number) reply.get(0)).longValue();
            dropped += ((Number) reply.get(1)).longValue();
            if (((Number) reply.get(2)).longValue() == 1) {
                return new Result(moved, dropped, true);
            }
        }
    }
}
