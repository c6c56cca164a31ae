package dev.streambus.benchmarks.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.publish.EventEncoder;
import dev.streambus.publish.OutgoingEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * CPU cost per event of our encoding and decoding, single-threaded, no Redis: where the publisher and consumer
 * spend time besides the network. Each step is warmed up, then timed over {@code n} events; best of 3.
 */
final class CodecCost {

    /** Nanoseconds per event of each step, in the order measured. */
    record Costs(Map<String, Double> nanosPerEvent) {
    }

    private static volatile Object sink; // keeps the JIT from discarding the work

    static Costs measure(EventEncoder encoder, RunEventType events, int n) {
        List<Object> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            samples.add(events.sample(i));
        }
        List<JsonNode> trees = new ArrayList<>(n);
        List<String> json = new ArrayList<>(n);
        List<LinkedHashMap<String, String>> entries = new ArrayList<>(n);
        for (Object event : samples) {
            JsonNode tree = PhpJson.mapper().valueToTree(event);
            trees.add(tree);
            json.add(PhpJson.encode(tree));
            LinkedHashMap<String, String> fields = encoder.encode(event).message().fields();
            fields.remove(StreamerMessage.ID); // as read back from Redis: no "_id" field
            entries.add(fields);
        }
        Map<String, Double> costs = new LinkedHashMap<>();
        costs.put("encode: whole EventEncoder.encode + fields()", nanos(n, i -> {
            OutgoingEvent out = encoder.encode(samples.get(i));
            sink = out.message().fields();
        }));
        costs.put("  of which Jackson valueToTree", nanos(n, i -> sink = PhpJson.mapper().valueToTree(samples.get(i))));
        costs.put("  of which PHP JSON text (PhpJson.encode)", nanos(n, i -> sink = PhpJson.encode(trees.get(i))));
        costs.put("  of which SHA-256 hash", nanos(n, i -> sink = StreamerMessage.hash("event", "streambus.bench.bus",
                "bench", json.get(i))));
        costs.put("decode: MessageDecoder.decode + dataAs(type)", nanos(n, i -> {
            ReceivedMessage m = MessageDecoder.decode("s", "1-" + i, entries.get(i));
            sink = m.dataAs(events.type());
        }));
        costs.put("  of which MessageDecoder.decode (JSON parse)", nanos(n,
                i -> sink = MessageDecoder.decode("s", "1-" + i, entries.get(i))));
        return new Costs(costs);
    }

    private static double nanos(int n, IntConsumer step) {
        for (int i = 0; i < n; i++) { // warm-up
            step.accept(i);
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                step.accept(i);
            }
            best = Math.min(best, (System.nanoTime() - start) / (double) n);
        }
        return best;
    }
}
