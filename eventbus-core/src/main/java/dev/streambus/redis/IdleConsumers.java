package dev.streambus.redis;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.List;

/**
 * Removes a group's dead consumers: those idle longer than a threshold <em>and</em> holding no pending entries.
 * XGROUP DELCONSUMER drops the consumer's pending entries with it, so the check and the delete run in one script:
 * no entry can be delivered to the consumer between them. The caller itself is never removed.
 */
public final class IdleConsumers {

    /** KEYS[1] stream; ARGV: group, the caller's consumer name, minimum idle ms. Returns the names removed. */
    private static final String SCRIPT = """
            local removed = {}
            for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
              local f = {}
              for i = 1, #consumer, 2 do f[consumer[i]] = consumer[i + 1] end
              if f['name'] ~= ARGV[2] and f['pending'] == 0 and f['idle'] >= tonumber(ARGV[3]) then
                redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], f['name'])
                removed[#removed + 1] = f['name']
              end
            end
            return removed""";

    private final RedissonClient redisson;

    public IdleConsumers(RedissonClient redisson) {
        this.redisson = redisson;
    }

    /**
     * Deletes every consumer of {@code group} on {@code stream} other than {@code self} that has been idle at least
     * {@code minIdleMillis} and holds no pending entry.
     *
     * @return the names of the consumers removed
     */
    public List<String> remove(String stream, String group, String self, long minIdleMillis) {
        List<Object> removed = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, SCRIPT,
                RScript.ReturnType.LIST, List.of(stream), group, self, Long.toString(minIdleMillis));
        return removed.stream().map(String::valueOf).toList();
    }
}
