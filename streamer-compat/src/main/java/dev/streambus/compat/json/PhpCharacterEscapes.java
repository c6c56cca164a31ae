package dev.streambus.compat.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Jackson's standard JSON escapes plus PHP's {@code \/}. Non-ASCII escaping (lowercase {@code \}{@code uXXXX},
 * surrogate pairs as two escapes) comes from the generator features, not from here.
 */
final class PhpCharacterEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private static final SerializedString ESCAPED_SLASH = new SerializedString("\\/");

    private final int[] asciiEscapes;

    PhpCharacterEscapes() {
        int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();
        escapes['/'] = CharacterEscapes.ESCAPE_CUSTOM;
        this.asciiEscapes = escapes;
    }

    /** The shared table (Jackson reads it, never writes it): asked for once per generator, i.e. per event. */
    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return ch == '/' ? ESCAPED_SLASH : null;
    }
}
