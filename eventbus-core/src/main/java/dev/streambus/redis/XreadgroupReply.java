package dev.streambus.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.Codec;
import org.redisson.client.handler.State;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.client.protocol.decoder.MultiDecoder;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.misc.CompletableFutureWrapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XREADGROUP sent through Redisson's command executor with a reply decoder of our own, which turns the reply into
 * {@link StreamEntry}s directly: entry ids stay the strings Redis sent (no {@code StreamMessageId} parsed and
 * formatted back), fields go once into their ordered map (no nested maps of Redisson's {@code readGroup}), and, as
 * with {@link EntryCodec}, a field stored twice or bytes that are not UTF-8 make the entry
 * {@linkplain StreamEntry#unreadable() unreadable} with its fields exactly as stored.
 *
 * <p>Routed by the first stream's key (on a Redis Cluster all streams of one read must share a hash slot, as with
 * any multi-key command) and written on a pooled connection to that key's master ({@link DirectWrite}); its reply
 * timeout is Redisson's response timeout plus the BLOCK time, as for Redisson's own {@code readGroup}. After MOVED
 * or ASK it goes through Redisson's executor, where it is registered as a blocking command for the same timeout.
 */
public final class XreadgroupReply {

    private static final ReplyDecoder DECODER = new ReplyDecoder();
    private static final RedisCommand<Object> READ = new RedisCommand<>("XREADGROUP", DECODER);
    private static final RedisCommand<Object> READ_BLOCKING = new RedisCommand<>("XREADGROUP", DECODER);

    static {
        // Redisson gives a command in this set a reply timeout of its BLOCK argument plus the response timeout
        // (without it, a BLOCK longer than the response timeout would time out); added once, before any use.
        synchronized (RedisCommands.BLOCKING_COMMANDS) {
            RedisCommands.BLOCKING_COMMANDS.add(READ_BLOCKING);
        }
    }

    private final CommandAsyncExecutor executor;
    private final DirectWrite direct;

    private XreadgroupReply(CommandAsyncExecutor executor, DirectWrite direct) {
        this.executor = executor;
        this.direct = direct;
    }

    /**
     * A reader on {@code redisson}'s connections ({@link DirectWrite}, MOVED/ASK through its executor), or null when
     * it is not a Redisson client (e.g. a proxy).
     */
    public static XreadgroupReply of(RedissonClient redisson) {
        return redisson instanceof Redisson client
                ? new XreadgroupReply(client.getCommandExecutor(), DirectWrite.of(client)) : null;
    }

    /**
     * One {@code XREADGROUP GROUP group consumer COUNT count [BLOCK ms] STREAMS ...}, waiting for the reply (errors
     * thrown as Redisson's sync API throws them).
     *
     * @param ids   stream → id to read after ({@code >}: new entries; {@code 0} or an id: own pending entries)
     * @param block null: no BLOCK
     * @return the entries read by stream, in the reply's order; streams without entries may be absent
     */
    public Map<String, List<StreamEntry>> read(String group, String consumer, Map<String, String> ids, int count,
                                               Duration block) {
        List<Object> args = new ArrayList<>(8 + ids.size() * 2);
        args.add("GROUP");
        args.add(group);
        args.add(consumer);
        args.add("COUNT");
        args.add(Integer.toString(count));
        if (block != null) {
            args.add("BLOCK");
            args.add(Long.toString(block.toMillis()));
        }
        args.add("STREAMS");
        args.addAll(ids.keySet());
        args.addAll(ids.values());
        String routing = ids.keySet().iterator().next();
        RedisCommand<Object> command = block != null ? READ_BLOCKING : READ;
        Object[] params = args.toArray();
        CompletableFuture<Object> reply = direct.send(routing, EntryCodec.INSTANCE, command, params,
                block != null ? block.toMillis() : 0,
                () -> executor.writeAsync(routing, EntryCodec.INSTANCE, command, params).toCompletableFuture());
        return entries(executor.get(new CompletableFutureWrapper<>(reply)));
    }

    /** The decoded reply as entries by stream. */
    static Map<String, List<StreamEntry>> entries(Object reply) {
        if (reply instanceof StreamPart part) {
            return Map.of(part.name(), part.entries());
        }
        Map<String, List<StreamEntry>> out = new LinkedHashMap<>();
        if (reply instanceof Streams streams) {
            streams.parts().forEach(part -> out.put(part.name(), part.entries()));
        }
        return out;
    }

    /** One entry before its stream is known: id and fields as read (null fields: deleted while pending). */
    private record Read(String id, List<Object> fields) {
        StreamEntry in(String stream) {
            if (fields == null || fields.isEmpty()) {
                return StreamEntry.deleted(stream, id);
            }
            RedisStreams.FieldReader reader = new RedisStreams.FieldReader(fields.size() / 2);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                reader.add((StoredText) fields.get(i), (StoredText) fields.get(i + 1));
            }
            return reader.entry(stream, id, () -> texts(fields));
        }

        @SuppressWarnings("unchecked")
        private static List<StoredText> texts(List<Object> fields) {
            return (List<StoredText>) (List<?>) fields;
        }
    }

    /** A list of entries ({@link Read}s), or an empty list. */
    private record Entries(List<Object> reads) {
    }

    /** A field list: bulk strings only. */
    private record Fields(List<Object> texts) {
    }

    private record StreamPart(String name, List<StreamEntry> entries) {
        static StreamPart of(StoredText name, Entries entries) {
            String stream = name.text();
            List<StreamEntry> out = new ArrayList<>(entries.reads().size());
            for (Object read : entries.reads()) {
                out.add(((Read) read).in(stream));
            }
            return new StreamPart(stream, out);
        }
    }

    private record Streams(List<StreamPart> parts) {
    }

    /**
     * Decodes each bulk string as a {@link StoredText} and each array, innermost first, by what it holds: bulk strings
     * only → a field list; {@code [id, fields]} → an entry ({@code [id, []]} or {@code [id, nil]} below the top two
     * levels: an entry deleted while pending); entries → a list of entries; {@code [name, entries]} → a stream's part;
     * parts (RESP2) or names alternating with entries (a RESP3 map) → the reply.
     */
    private static final class ReplyDecoder implements MultiDecoder<Object> {

        private static final Decoder<Object> TEXT = (buf, state) -> StoredText.read(buf);

        @Override
        public Decoder<Object> getDecoder(Codec codec, int paramNum, State state, long size) {
            return TEXT;
        }

        @Override
        public Object decode(List<Object> parts, State state) {
            if (parts.isEmpty()) {
                return new Entries(List.of());
            }
            Object first = parts.get(0);
            if (first instanceof StoredText head && parts.size() == 2) {
                Object second = parts.get(1);
                if (second == null
                        || second instanceof Entries none && none.reads().isEmpty() && state.getLevel() >= 2) {
                    return new Read(head.text(), null); // deleted while pending: Redis sends an empty field list
                }
                if (second instanceof Fields fields) {
                    return new Read(head.text(), fields.texts());
                }
                if (second instanceof Entries entries) {
                    return StreamPart.of(head, entries);
                }
            }
            if (first instanceof Read) {
                return new Entries(parts);
            }
            if (first instanceof StreamPart) {
                List<StreamPart> all = new ArrayList<>(parts.size());
                parts.forEach(p -> all.add((StreamPart) p));
                return new Streams(all);
            }
            if (first instanceof StoredText && parts.size() > 2 && parts.get(1) instanceof Entries) {
                List<StreamPart> all = new ArrayList<>(parts.size() / 2); // RESP3: name, entries, name, entries ...
                for (int i = 0; i + 1 < parts.size(); i += 2) {
                    all.add(StreamPart.of((StoredText) parts.get(i), (Entries) parts.get(i + 1)));
                }
                return new Streams(all);
            }
            return new Fields(parts);
        }
    }
}
