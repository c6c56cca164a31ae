package dev.streambus.compat.message;

/** Laravel Streamer's {@code type} field: what kind of message an entry is. */
public enum MessageType {
    EVENT("event"),
    NOTIFICATION("notification"),
    COMMAND("command");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    /** The value stored in the {@code type} field. */
    public String wireName() {
        return wireName;
    }

    /** The type for a {@code type} field value; unknown or missing values are {@link #EVENT}, as PHP treats them. */
    public static MessageType fromWire(String value) {
        if (value != null) {
            for (MessageType type : values()) {
                if (type.wireName.equals(value)) {
                    return type;
                }
            }
        }
        return EVENT;
    }
}
