package dev.streambus.cli.listen;

import dev.streambus.cli.AsciiTable;
import dev.streambus.cli.ModuleOptions;
import dev.streambus.cli.RedisCommand;
import dev.streambus.consume.MessageListener;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code streamer:list}: the events the module's listeners handle, with their listeners. */
@Command(name = "list", description = "Lists all registered events with the listeners attached to them.")
public final class ListCommand extends RedisCommand {

    @Option(names = "--compact", description = "Only the event names.")
    boolean compact;

    @Mixin
    ModuleOptions modules;

    @Override
    protected int run(RedissonClient redisson) {
        Map<String, List<String>> byEvent = byEvent(listeners(redisson, modules));
        List<List<String>> rows = new ArrayList<>();
        byEvent.forEach((event, receivers) -> rows.add(compact ? List.of(event)
                : List.of(event, receivers.isEmpty() ? "none" : String.join("\n", receivers))));
        print(AsciiTable.render(compact ? List.of("Event") : List.of("Event", "Listeners"), rows, compact));
        return 0;
    }

    /** Event name → receivers, events sorted, receivers in binding order. */
    static Map<String, List<String>> byEvent(List<MessageListener> listeners) {
        Map<String, List<String>> byEvent = new TreeMap<>();
        for (MessageListener listener : listeners) {
            for (String event : listener.events()) {
                byEvent.computeIfAbsent(event, e -> new ArrayList<>()).add(listener.receiver());
            }
        }
        return byEvent;
    }
}
