package dev.streambus.samples.orders;

import dev.streambus.event.StreamerEvent;

/** Emitted by a Laravel app; Java maps its {@code data} onto this record (extra PHP keys are ignored). */
@StreamerEvent(name = "user.created")
public record UserCreated(long id, String name, String email, Address address) {

    public record Address(String city, String zip) {
    }
}
