package dev.streambus.consume;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatchersTest {

    @Test
    void everyListenerHearsEveryEventInOrderAndAThrowingOneStopsNobody() {
        List<String> heard = new ArrayList<>();
        Watchers watchers = new Watchers("consumer 'c1'", List.of(
                event -> heard.add("first " + event.getClass().getSimpleName()),
                event -> {
                    throw new IllegalStateException("listener bug");
                }));
        assertFalse(watchers.isEmpty());
        watchers.on(new ConsumerEvent.BatchSettled("c1", 3));
        watchers.add(event -> heard.add("late " + event.getClass().getSimpleName()));
        watchers.on(new ConsumerEvent.EntriesRead("c1", 2));
        assertEquals(List.of("first BatchSettled", "first EntriesRead", "late EntriesRead"), heard);
    }

    @Test
    void withoutListenersItSaysSo() {
        Watchers watchers = new Watchers("projection 'p'", List.of());
        assertTrue(watchers.isEmpty());
        watchers.on(new ConsumerEvent.BatchSettled("p", 1));
    }
}
