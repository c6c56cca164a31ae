package dev.streambus.deadletter;

import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.SlotKeys;
import org.redisson.api.RScript;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and replays the dead letters {@link RedisDeadLetters} parked in {@code <stream><suffix>}.
 *
 * <p>Guarantees of {@link #replay}: a letter is put back and removed in one server-side script — XADD onto the
 * original stream, then XDEL from the dead-letter stream — so it is never lost (a refused XADD aborts before the
 * XDEL) and never replayed twice (a letter already gone is reported, not re-added). The new entry carries the
 * original fields in their stored order with {@code original_id} set to the original entry id, right after
 * {@code _id} (first if there is no {@code _id}), as Laravel Streamer's archive restore writes it; the new entry gets
 * a new id and is not trimmed. Dead-letter streams are named by {@link DeadLetterKeys} in their stream's hash slot,
 * so this holds on Redis Cluster too. Letters parked by earlier versions in {@code <stream><suffix>} are read and
 * replayed as well (listed by id together with the current ones); where such a legacy stream is in another slot than
 * its stream (Cluster, untagged name), a replay is two steps instead — XADD onto the stream, then XDEL of the
 * letter — so a crash between them replays that letter twice, it is still never lost.
 */
public final class DeadLetterStore {

    /**
     * KEYS[1] dead-letter stream, KEYS[2] original stream; ARGV[1] dead-letter id, ARGV[2] original id, ARGV[3..]
     * field names to leave out (the dead_* metadata and original_id). Copies the letter's fields server-side, so the
     * new entry has them byte for byte (repeats and bytes that are not UTF-8 included), laid out as
     * {@link #replayFields} describes.
     */
    private static final String REPLAY_SCRIPT = """
            local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
            if #found == 0 then return false end
            local stored, drop, fields, placed = found[1][2], {}, {}, true
            for i = 3, #ARGV do drop[ARGV[i]] = true end
            for i = 1, #stored, 2 do if stored[i] == '_id' then placed = false end end
            local function add(name, value)
              fields[#fields + 1] = name
              fields[#fields + 1] = value
            end
            if placed then add('original_id', ARGV[2]) end
            for i = 1, #stored, 2 do
              if not drop[stored[i]] then
                add(stored[i], stored[i + 1])
                if stored[i] == '_id' and not placed then
                  add('original_id', ARGV[2])
                  placed = true
                end
              end
            end
            local id = redis.call('XADD', KEYS[2], '*', unpack(fields))
            redis.call('XDEL', KEYS[1], ARGV[1])
            return id""";

    private static final int PAGE = 100;

    private final RedisStreams streams;
    private final DeadLetterKeys keys;

    /** Dead letters under the default suffix {@value RedisDeadLetters#DEFAULT_SUFFIX}. */
    public DeadLetterStore(RedissonClient redisson) {
        this(redisson, RedisDeadLetters.DEFAULT_SUFFIX);
    }

    /** Dead letters of stream {@code s} in {@code s + suffix}. */
    public DeadLetterStore(RedissonClient redisson, String suffix) {
        this.keys = new DeadLetterKeys(suffix);
        this.streams = new RedisStreams(Objects.requireNonNull(redisson, "redisson"));
    }

    /** The dead-letter stream new letters of {@code stream} are parked in ({@link DeadLetterKeys#of}). */
    public String deadLetterStream(String stream) {
        return keys.of(stream);
    }

    /** How many dead letters {@code stream} has (XLEN, legacy stream included; 0 when there are none). */
    public long count(String stream) {
        long count = 0;
        for (String key : keys.all(stream)) {
            count += streams.stream(key).size();
        }
        return count;
    }

    /** The oldest {@code count} dead letters of {@code stream}, oldest first. */
    public List<StoredDeadLetter> list(String stream, int count) {
        return list(stream, null, count);
    }

    /**
     * Up to {@code count} dead letters of {@code stream} with ids after {@code afterId} (exclusive; null for the
     * start), oldest first: pass the last id of a page to get the next.
     */
    public List<StoredDeadLetter> list(String stream, String afterId, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        StreamMessageId from = afterId == null ? StreamMessageId.MIN : EntryId.successor(EntryId.parse(afterId));
        List<Found> found = new ArrayList<>();
        for (String key : keys.all(stream)) {
            found.addAll(read(stream, key, from, StreamMessageId.MAX, count));
        }
        // stable: on equal ids (two streams), the legacy letter, listed first, stays first
        found.sort(Comparator.comparingLong((Found f) -> f.id().getId0()).thenComparingLong(f -> f.id().getId1()));
        return found.stream().limit(count).map(Found::letter).toList();
    }

    /** The dead letter with this id, if it is still there. */
    public Optional<StoredDeadLetter> get(String stream, String deadLetterId) {
        return find(stream, deadLetterId).map(Found::letter);
    }

    private Optional<Found> find(String stream, String deadLetterId) {
        StreamMessageId id = EntryId.parse(deadLetterId);
        for (String key : keys.all(stream)) {
            List<Found> found = read(stream, key, id, id, 1);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        return Optional.empty();
    }

    /**
     * Replays these dead letters of {@code stream}, in the given order (see the class guarantees). Ids not found
     * (already replayed, deleted) and letters without original fields are listed in
     * {@link ReplayResult#notReplayed()}.
     *
     * @throws ReplayFailedException if Redis refused a replay; that letter stays parked, earlier ones are done
     */
    public ReplayResult replay(String stream, Collection<String> deadLetterIds) {
        Progress progress = new Progress();
        for (String deadLetterId : deadLetterIds) {
            Optional<Found> letter = find(stream, deadLetterId);
            if (letter.isEmpty()) {
                progress.skipped.put(deadLetterId, "not found (already replayed or deleted)");
            } else {
                replayOne(stream, letter.get(), progress);
            }
        }
        return progress.result();
    }

    /**
     * Replays every dead letter of {@code stream} parked before this call (letters parked meanwhile are left for
     * the next call), oldest first: those of a legacy dead-letter stream, then the current ones.
     *
     * @throws ReplayFailedException as {@link #replay}
     */
    public ReplayResult replayAll(String stream) {
        Progress progress = new Progress();
        for (String key : keys.all(stream)) {
            StreamMessageId last = lastId(key);
            StreamMessageId from = StreamMessageId.MIN;
            while (last != null) {
                List<Found> page = read(stream, key, from, last, PAGE);
                for (Found letter : page) {
                    replayOne(stream, letter, progress);
                }
                if (page.size() < PAGE) {
                    break;
                }
                from = EntryId.successor(page.get(page.size() - 1).id());
            }
        }
        return progress.result();
    }

    /**
     * The fields a replay writes, as text: the original fields in order, {@code original_id} (set to the original
     * entry id) right after {@code _id}, or first if there is no {@code _id}; a stale {@code original_id} is
     * replaced. The replay itself copies the fields on the server, byte for byte, so that an entry parked because
     * it was not readable text (a field stored twice, bytes that are not UTF-8) comes back exactly as it was.
     */
    public static LinkedHashMap<String, String> replayFields(StoredDeadLetter letter) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        boolean hasId = letter.fields().containsKey(StreamerMessage.ID);
        if (!hasId) {
            out.put(StreamerMessage.ORIGINAL_ID, letter.originalId());
        }
        letter.fields().forEach((field, value) -> {
            if (field.equals(StreamerMessage.ORIGINAL_ID)) {
                return;
            }
            out.put(field, value);
            if (field.equals(StreamerMessage.ID)) {
                out.put(StreamerMessage.ORIGINAL_ID, letter.originalId());
            }
        });
        return out;
    }

    private void replayOne(String stream, Found found, Progress progress) {
        StoredDeadLetter letter = found.letter();
        if (letter.fields().isEmpty()) {
            progress.skipped.put(letter.id(), "no original fields (the entry was trimmed before it was parked)");
            return;
        }
        List<Object> args = new ArrayList<>();
        args.add(letter.id());
        args.add(letter.originalId());
        args.addAll(DeadLetterFields.ALL);
        args.add(StreamerMessage.ORIGINAL_ID);
        String newId;
        RedissonClient redisson = streams.redisson();
        try {
            newId = SlotKeys.slot(redisson, found.key()) == SlotKeys.slot(redisson, stream)
                    ? redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, REPLAY_SCRIPT,
                    RScript.ReturnType.VALUE, List.of(found.key(), stream), args.toArray())
                    : replayInTwoSteps(stream, found);
        } catch (RuntimeException e) {
            throw new ReplayFailedException("replaying dead letter " + letter.id() + " (original " + letter.originalId()
                    + ") onto '" + stream + "' failed, it stays in '" + found.key() + "'; "
                    + progress.replayed.size() + " replayed before it: " + e.getMessage(), progress.result(), e);
        }
        if (newId == null) {
            progress.skipped.put(letter.id(), "not found (already replayed or deleted)");
        } else {
            progress.replayed.add(new ReplayResult.Replayed(letter.id(), letter.originalId(), newId));
        }
    }

    /**
     * A legacy letter in another slot than its stream: XADD of its stored bytes (laid out as the script does), then
     * XDEL. Returns null when the letter is gone.
     */
    private String replayInTwoSteps(String stream, Found found) {
        RStream<byte[], byte[]> dead = streams.redisson().getStream(found.key(), ByteArrayCodec.INSTANCE);
        Map<byte[], byte[]> stored = dead.range(1, found.id(), found.id()).get(found.id());
        if (stored == null) {
            return null;
        }
        Set<String> drop = new HashSet<>(DeadLetterFields.ALL);
        drop.add(StreamerMessage.ORIGINAL_ID);
        byte[] originalIdName = utf8(StreamerMessage.ORIGINAL_ID);
        byte[] originalId = utf8(found.letter().originalId());
        boolean placed = stored.keySet().stream().noneMatch(name -> text(name).equals(StreamerMessage.ID));
        Map<byte[], byte[]> fields = new LinkedHashMap<>(); // byte[] keys compare by identity: repeats stay
        if (placed) {
            fields.put(originalIdName, originalId);
        }
        for (Map.Entry<byte[], byte[]> field : stored.entrySet()) {
            String name = text(field.getKey());
            if (!drop.contains(name)) {
                fields.put(field.getKey(), field.getValue());
                if (!placed && name.equals(StreamerMessage.ID)) {
                    fields.put(originalIdName, originalId);
                    placed = true;
                }
            }
        }
        StreamMessageId id = streams.redisson().<byte[], byte[]>getStream(stream, ByteArrayCodec.INSTANCE)
                .add(StreamAddArgs.entries(fields));
        dead.remove(found.id());
        return EntryId.format(id);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private List<Found> read(String stream, String key, StreamMessageId from, StreamMessageId to, int count) {
        Map<StreamMessageId, Map<String, String>> entries = streams.stream(key).range(count, from, to);
        List<Found> out = new ArrayList<>(entries.size());
        entries.forEach((id, fields) -> out.add(new Found(key, id, StoredDeadLetter.parse(EntryId.format(id), stream,
                fields == null ? Map.of() : fields))));
        return out;
    }

    private StreamMessageId lastId(String key) {
        Map<StreamMessageId, Map<String, String>> last = streams.stream(key).rangeReversed(1, StreamMessageId.MAX,
                StreamMessageId.MIN);
        return last.isEmpty() ? null : last.keySet().iterator().next();
    }

    /** A letter and the dead-letter stream it was read from. */
    private record Found(String key, StreamMessageId id, StoredDeadLetter letter) {
    }

    /** Accumulates a replay's outcome. */
    private static final class Progress {
        final List<ReplayResult.Replayed> replayed = new ArrayList<>();
        final Map<String, String> skipped = new LinkedHashMap<>();

        ReplayResult result() {
            return new ReplayResult(replayed, skipped);
        }
    }
}
