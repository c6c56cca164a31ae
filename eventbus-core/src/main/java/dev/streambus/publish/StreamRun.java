package dev.streambus.publish;

import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consecutive events of one {@link RedisPublisher#publishAll} call that go to the same stream and differ only in
 * {@code created}, {@code data} and {@code hash}: sent as ONE script call that XADDs them in order, so each event
 * costs three arguments instead of sixteen and Redisson builds one command instead of many. The field order comes
 * from {@link dev.streambus.compat.message.StreamerMessage#fields()} (the first event is the template), so the
 * entries are exactly those single XADDs would write.
 */
final class StreamRun {

    /** Fields that vary per event; every other field is the run's constant. */
    private static final Set<String> VARYING = Set.of("created", "data", "hash");

    /** At most this many events per script call, so Redis is never busy with one call for long. */
    static final int MAX_EVENTS = 500;

    /**
     * ARGV: r, r retention words, t, t template words (field, value; varying values empty), v, v slot positions
     * within the template, then v values per event. Returns the entry ids in order.
     */
    private static final String SCRIPT = """
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
    private final List<OutgoingEvent> events = new ArrayList<>();
    private final Map<String, String> template;

    private StreamRun(OutgoingEvent first) {
        this.stream = first.stream();
        this.template = first.fields();
        events.add(first);
    }

    /** Whether an event can travel in a run at all (a plain XADD: no history, entity copy or original id). */
    static boolean eligible(OutgoingEvent event) {
        return !event.needsScript() && event.message().originalId() == null;
    }

    /** Splits encoded events into runs; ineligible events come back as runs of one, sent on their own. */
    static List<StreamRun> split(Collection<OutgoingEvent> encoded) {
        List<StreamRun> runs = new ArrayList<>();
        StreamRun current = null;
        for (OutgoingEvent event : encoded) {
            if (current != null && current.accepts(event)) {
                current.events.add(event);
            } else {
                current = new StreamRun(event);
                runs.add(current);
            }
        }
        return runs;
    }

    List<OutgoingEvent> events() {
        return events;
    }

    /** A run of one ineligible event goes through the single-event path instead. */
    boolean single() {
        return events.size() == 1;
    }

    private boolean accepts(OutgoingEvent event) {
        if (events.size() >= MAX_EVENTS || !eligible(events.get(0)) || !eligible(event)
                || !stream.equals(event.stream())) {
            return false;
        }
        Map<String, String> fields = event.fields();
        if (!fields.keySet().equals(template.keySet())) {
            return false;
        }
        for (Map.Entry<String, String> field : template.entrySet()) {
            if (!VARYING.contains(field.getKey()) && !field.getValue().equals(fields.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Queues the run's script call; the future completes with the ids in event order. */
    RFuture<List<Object>> send(RScriptAsync script, Retention retention, Clock clock) {
        List<Object> args = new ArrayList<>(8 + template.size() * 2 + events.size() * VARYING.size());
        List<String> retentionWords = retention.xaddWords(clock);
        args.add(Integer.toString(retentionWords.size()));
        args.addAll(retentionWords);
        args.add(Integer.toString(template.size() * 2));
        List<String> varying = new ArrayList<>(VARYING.size());
        List<String> slots = new ArrayList<>(VARYING.size());
        int position = 0;
        for (Map.Entry<String, String> field : template.entrySet()) {
            args.add(field.getKey());
            position += 2;
            if (VARYING.contains(field.getKey())) {
                args.add("");
                varying.add(field.getKey());
                slots.add(Integer.toString(position));
            } else {
                args.add(field.getValue());
            }
        }
        args.add(Integer.toString(slots.size()));
        args.addAll(slots);
        for (OutgoingEvent event : events) {
            Map<String, String> fields = event.fields();
            for (Iterator<String> names = varying.iterator(); names.hasNext(); ) {
                args.add(fields.get(names.next()));
            }
        }
        return script.evalAsync(RScript.Mode.READ_WRITE, SCRIPT, RScript.ReturnType.LIST, List.of(stream),
                args.toArray());
    }

    String stream() {
        return stream;
    }
}
