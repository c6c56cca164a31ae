package dev.streambus.deadletter;

import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.RScript;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and replays the dead letters {@link RedisDeadLetters} parked in {@code <stream><suffix>}.
 *
 * <p>Guarantees of {@link #replay}: a letter is put back and removed in one server-side script — XADD onto the
 * original stream, then XDEL from the dead-letter stream — so it is never lost (a refused XADD aborts before the
 * XDEL) and never replayed twice (a letter already gone is reported, not re-added). The new entry carries the
 * original fields in their stored order with {@code original_id} set to the original entry id, right after
 * {@code _id} (first if there is no {@code _id}), as Laravel Streamer's archive restore writes it; the new entry gets
 * a new id and is not trimmed. Both keys are used in one script, so on a Redis Cluster the stream and its dead-letter
 * stream must share a hash slot (e.g. {@code {orders}} and {@code {orders}:dead}).
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
    private final String suffix;

    /** Dead letters under the default suffix {@value RedisDeadLetters#DEFAULT_SUFFIX}. */
    public DeadLetterStore(RedissonClient redisson) {
        this(redisson, RedisDeadLetters.DEFAULT_SUFFIX);
    }

    /** Dead letters of stream {@code s} in {@code s + suffix}. */
    public DeadLetterStore(RedissonClient redisson, String suffix) {
        if (suffix == null || suffix.isEmpty()) {
            throw new IllegalArgumentException("dead-letter suffix must not be empty");
        }
        this.streams = new RedisStreams(Objects.requireNonNull(redisson, "redisson"));
        this.suffix = suffix;
    }

    /** The dead-letter stream of {@code stream}. */
    public String deadLetterStream(String stream) {
        return stream + suffix;
    }

    /** How many dead letters {@code stream} has (XLEN; 0 when there are none). */
    public long count(String stream) {
        return deadLetters(stream).size();
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
        return read(stream, from, StreamMessageId.MAX, count);
    }

    /** The dead letter with this id, if it is still there. */
    public Optional<StoredDeadLetter> get(String stream, String deadLetterId) {
        StreamMessageId id = EntryId.parse(deadLetterId);
        return read(stream, id, id, 1).stream().findFirst();
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
            Optional<StoredDeadLetter> letter = get(stream, deadLetterId);
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
     * the next call), oldest first.
     *
     * @throws ReplayFailedException as {@link #replay}
     */
    public ReplayResult replayAll(String stream) {
        Progress progress = new Progress();
        StreamMessageId last = lastId(stream);
        StreamMessageId from = StreamMessageId.MIN;
        while (last != null) {
            List<StoredDeadLetter> page = read(stream, from, last, PAGE);
            for (StoredDeadLetter letter : page) {
                replayOne(stream, letter, progress);
            }
            if (page.size() < PAGE) {
                break;
            }
            from = EntryId.successor(EntryId.parse(page.get(page.size() - 1).id()));
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

    private void replayOne(String stream, StoredDeadLetter letter, Progress progress) {
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
        try {
            newId = streams.redisson().getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, REPLAY_SCRIPT,
                    RScript.ReturnType.VALUE, List.of(deadLetterStream(stream), stream), args.toArray());
        } catch (RuntimeException e) {
            throw new ReplayFailedException("replaying dead letter " + letter.id() + " (original " + letter.originalId()
                    + ") onto '" + stream + "' failed, it stays in '" + deadLetterStream(stream) + "'; "
                    + progress.replayed.size() + " replayed before it: " + e.getMessage(), progress.result(), e);
        }
        if (newId == null) {
            progress.skipped.put(letter.id(), "not found (already replayed or deleted)");
        } else {
            progress.replayed.add(new ReplayResult.Replayed(letter.id(), letter.originalId(), newId));
        }
    }

    private List<StoredDeadLetter> read(String stream, StreamMessageId from, StreamMessageId to, int count) {
        Map<StreamMessageId, Map<String, String>> entries = deadLetters(stream).range(count, from, to);
        List<StoredDeadLetter> out = new ArrayList<>(entries.size());
        entries.forEach((id, fields) -> out.add(StoredDeadLetter.parse(EntryId.format(id), stream,
                fields == null ? Map.of() : fields)));
        return out;
    }

    private StreamMessageId lastId(String stream) {
        Map<StreamMessageId, Map<String, String>> last = deadLetters(stream).rangeReversed(1, StreamMessageId.MAX,
                StreamMessageId.MIN);
        return last.isEmpty() ? null : last.keySet().iterator().next();
    }

    private RStream<String, String> deadLetters(String stream) {
        return streams.stream(deadLetterStream(stream));
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
