package dev.streambus.redis;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * XAUTOCLAIM with the reply read raw ({@link EntryCodec}: repeated fields and non-UTF-8 bytes kept, see
 * {@link StreamEntry#unreadable()}), so entries whose payload is gone are never hidden: Redis 7 lists them as
 * deleted ids (and drops them from the pending list), Redis 6.2 returns them with no fields (and keeps them
 * pending). Redisson's decoded result drops the latter, which would leave them pending forever.
 */
public final class AutoClaim {

    /**
     * Returns {cursor, entries, deletedIds}; each entry flattened as {id, field, value, ...}, or {id} when its
     * payload is gone. Redis 7: XAUTOCLAIM. Redis 6.2 answers a deleted entry with a bare nil (no id), so there:
     * XPENDING IDLE for the ids, then XCLAIM one id at a time, and the cursor is an exclusive {@code (id}. The
     * version comes from {@code redis.REDIS_VERSION_NUM} (Redis 7 and later; absent on 6.2), so the script needs no
     * permission beyond the stream commands (INFO would need {@code +info}).
     */
    private static final String SCRIPT = """
            local entries, deleted, cursor = {}, {}, '0-0'
            if (redis.REDIS_VERSION_NUM or 0) >= 0x070000 then
              local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
              cursor, deleted = reply[1], reply[3]
              for _, entry in ipairs(reply[2]) do
                local flat = {entry[1]}
                if entry[2] then for _, v in ipairs(entry[2]) do flat[#flat + 1] = v end end
                entries[#entries + 1] = flat
              end
            else
              local start = ARGV[4] == '0-0' and '-' or ARGV[4]
              local pending = redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', ARGV[3], start, '+', ARGV[5])
              for _, p in ipairs(pending) do
                local claimed = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], p[1])
                if #claimed > 0 then
                  local flat = {p[1]}
                  if claimed[1] then for _, v in ipairs(claimed[1][2]) do flat[#flat + 1] = v end end
                  entries[#entries + 1] = flat
                end
              end
              if #pending == tonumber(ARGV[5]) then cursor = '(' .. pending[#pending][1] end
            end
            return {cursor, entries, deleted}""";

    /**
     * One page of claimed entries.
     *
     * @param nextCursor where the next page starts; {@code 0-0} when the scan is complete
     * @param entries    claimed entries; an entry with no fields was deleted or trimmed (Redis 6.2)
     * @param deletedIds entries Redis 7 removed from the pending list because their payload was gone
     */
    public record Page(String nextCursor, List<StreamEntry> entries, List<String> deletedIds) {
        public boolean complete() {
            return EntryId.ZERO.equals(nextCursor) || "0".equals(nextCursor);
        }
    }

    private final RedissonClient redisson;

    public AutoClaim(RedissonClient redisson) {
        this.redisson = redisson;
    }

    /** Claims up to {@code count} entries idle at least {@code minIdleMillis}, scanning from {@code cursor}. */
    public Page claim(String stream, String group, String consumer, long minIdleMillis, String cursor, int count) {
        List<Object> reply = redisson.getScript(EntryCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, SCRIPT,
                RScript.ReturnType.LIST, List.of(stream), group, consumer, Long.toString(minIdleMillis), cursor,
                Integer.toString(count));
        List<StreamEntry> entries = new ArrayList<>();
        for (Object raw : (List<?>) reply.get(1)) {
            List<?> flat = (List<?>) raw;
            RedisStreams.FieldReader fields = new RedisStreams.FieldReader(flat.size() / 2);
            for (int i = 1; i + 1 < flat.size(); i += 2) {
                fields.add((StoredText) flat.get(i), (StoredText) flat.get(i + 1));
            }
            entries.add(fields.entry(stream, text(flat.get(0)), () -> stored(flat.subList(1, flat.size()))));
        }
        List<String> deleted = new ArrayList<>();
        ((List<?>) reply.get(2)).forEach(id -> deleted.add(text(id)));
        return new Page(text(reply.get(0)), entries, deleted);
    }

    @SuppressWarnings("unchecked")
    private static List<StoredText> stored(List<?> fields) {
        return (List<StoredText>) fields;
    }

    private static String text(Object stored) {
        return ((StoredText) stored).text();
    }
}
