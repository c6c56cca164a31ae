package dev.streambus.consume;

import dev.streambus.deadletter.DeadLetter;

import java.util.List;
import java.util.Map;

/** The fakes hold to the pipeline contract, so tests built on them mean what they say about Redis. */
class InMemoryPipelineTest extends PipelineContract {

    private final InMemoryStreams streams = new InMemoryStreams();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();

    @Override
    protected String stream(String base) {
        return base;
    }

    @Override
    protected String append(String stream, int n) {
        return streams.append(stream, Map.of("name", stream, "data", "{\"n\":" + n + "}"));
    }

    @Override
    protected StreamReader reader(List<String> names) {
        return streams.reader(names, 100);
    }

    @Override
    protected Acker acker(StreamReader reader) {
        return streams.acker();
    }

    @Override
    protected List<List<String>> parkAndList(DeadLetter letter, String stream) {
        deadLetters.park(letter);
        return deadLetters.parked().stream().filter(l -> l.entry().stream().equals(stream))
                .map(l -> List.of(l.entry().id(), l.reason())).toList();
    }
}
