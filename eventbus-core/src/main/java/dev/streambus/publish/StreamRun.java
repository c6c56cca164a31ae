package dev.streambus.publish;

import dev.streambus.compat.message.StreamerMessage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consecutive events of one pipelined write that go to the same stream and differ only in
 * {@code created}, {@code data} and {@code hash}: sent as ONE script call that XADDs them in order, so each event
 * costs three arguments instead of sixteen and Redisson builds one command instead of many. The field order comes
 * from {@link dev.streambus.compat.message.StreamerMessage#fields()} (the first event is the template), so the
 * entries are exactly those single XADDs would write.
 */
final class StreamRun {

    /** Fields that vary per event; every other field is the run's constant. */
    private static final Set<String> VARYING = Set.of(StreamerMessage.CREATED, StreamerMessage.DATA,
            StreamerMessage.HASH);

    /**
     * Where the varying values sit in the template of a message without original id ({@code _id, type, version,
     * name, domain, created, data, hash}): word positions of created, data, hash's values.
     */
    private static final List<String> SLOTS = List.of("12", "14", "16");

    /** At most this many events per script call, so Redis is never busy with one call for long. */
    static final int MAX_EVENTS = 500;

    /**
     * ARGV: r, r retention words, t, t template words (field, value; varying values empty), v, v slot positions
     * within the template, then v values per event. Returns the entry ids in order.
     */
    static final String SCRIPT = """
            local p = 1
            local args = {}
            local r = tonumber(ARGV[p]); p = p + 1
            for i = 1, r do args[#args + 1] = ARGV[p]; p = p + 1 end
            args[#args + 1] = '*'
            local base = #args
            local t = tonumber(ARGV[p]); p = p + 1
            for i = 1, t do args[#args + 1] = ARGV[p]; p = p + 1 end
            local v = tonumber(ARGV[p]); p = p + 1
            local slots = {}
            for i = 1, v do slots[i] = base + tonumber(ARGV[p]); p = p + 1 end
            local ids = {}
            while p <= #ARGV do
              for i = 1, v do args[slots[i]] = ARGV[p]; p = p + 1 end
              ids[#ids + 1] = redis.call('XADD', KEYS[1], unpack(args))
            end
            return ids""";

    private final String stream;
    private final List<Pending> events = new ArrayList<>();
    private final StreamerMessage first;
    private final OutgoingEvent firstEvent;

    private StreamRun(Pending first) {
        this.stream = first.event().stream();
        this.first = first.event().message();
        this.firstEvent = first.event();
        events.add(first);
    }

    /** Splits pending events into runs, in order; events that cannot travel in a run come back as runs of one. */
    static List<StreamRun> split(Collection<Pending> pending) {
        List<StreamRun> runs = new ArrayList<>();
        StreamRun current = null;
        for (Pending event : pending) {
            if (current != null && current.accepts(event)) {
                current.events.add(event);
            } else {
                current = new StreamRun(event);
                runs.add(current);
            }
        }
        return runs;
    }

    List<Pending> events() {
        return events;
    }

    /** A run of one event goes through the single-event path instead. */
    boolean single() {
        return events.size() == 1;
    }

    /** Same stream and the same constant fields, compared on the message itself (no field map per event). */
    private boolean accepts(Pending event) {
        if (events.size() >= MAX_EVENTS || !events.get(0).plain() || !event.plain()
                || !stream.equals(event.event().stream())) {
            return false;
        }
        StreamerMessage m = event.event().message();
        return m.type() == first.type() && m.version().equals(first.version()) && m.name().equals(first.name())
                && m.domain().equals(first.domain()) && event.event().extraFields().equals(firstEvent.extraFields());
    }

    /** The ARGV of the run's {@link #SCRIPT} call (KEYS: the stream); its reply is the ids in event order. */
    Object[] arguments(Retention retention, Clock clock) {
        Map<String, String> template = firstEvent.fields();   // Laravel's fields, then the extra ones
        List<String> retentionWords = retention.xaddWords(clock);
        Object[] args = new Object[3 + retentionWords.size() + template.size() * 2 + VARYING.size()
                + events.size() * VARYING.size()];
        int a = 0;
        args[a++] = Integer.toString(retentionWords.size());
        for (String word : retentionWords) {
            args[a++] = word;
        }
        args[a++] = Integer.toString(template.size() * 2);
        List<String> slots = new ArrayList<>(VARYING.size());
        int position = 0;
        for (Map.Entry<String, String> field : template.entrySet()) {
            args[a++] = field.getKey();
            position += 2;
            if (VARYING.contains(field.getKey())) {
                args[a++] = "";
                slots.add(Integer.toString(position));
            } else {
                args[a++] = field.getValue();
            }
        }
        if (!slots.equals(SLOTS)) {
            throw new IllegalStateException("unexpected Laravel field layout: " + template.keySet());
        }
        args[a++] = Integer.toString(slots.size());
        for (String slot : slots) {
            args[a++] = slot;
        }
        for (Pending event : events) {           // in template order: created, data, hash
            StreamerMessage m = event.event().message();
            args[a++] = Long.toString(m.created());
            args[a++] = m.data();
            args[a++] = m.hash();
        }
        return args;
    }

    String stream() {
        return stream;
    }
}
