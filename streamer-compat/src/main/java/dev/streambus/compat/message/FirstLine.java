package dev.streambus.compat.message;

/** The first line of an exception message: Jackson appends source locations on later lines. */
final class FirstLine {

    private FirstLine() {
    }

    static String of(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
