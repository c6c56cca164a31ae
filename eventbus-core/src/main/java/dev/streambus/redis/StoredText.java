package dev.streambus.redis;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One field name or value of a stream entry as Redis returned it: its UTF-8 text, and its original bytes when they
 * are not valid UTF-8 (the text then has U+FFFD in their place). Equality is identity, so that a field stored twice
 * stays two keys in the map Redisson decodes an entry into ({@link EntryCodec}).
 */
public final class StoredText {

    private final String text;
    private final byte[] invalid;

    private StoredText(String text, byte[] invalid) {
        this.text = text;
        this.invalid = invalid;
    }

    /** Reads the buffer's readable bytes (consuming them). Costs one scan for U+FFFD beyond a plain decode. */
    static StoredText read(ByteBuf buf) {
        String text = buf.toString(StandardCharsets.UTF_8);
        byte[] invalid = null;
        if (text.indexOf('\uFFFD') >= 0) { // a replacement: either stored as such, or a malformed sequence
            byte[] bytes = ByteBufUtil.getBytes(buf);
            if (!isUtf8(bytes)) {
                invalid = bytes;
            }
        }
        buf.readerIndex(buf.writerIndex());
        return new StoredText(text, invalid);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The text; malformed UTF-8 sequences are U+FFFD. */
    public String text() {
        return text;
    }

    public boolean validUtf8() {
        return invalid == null;
    }

    /** The bytes exactly as stored. */
    public byte[] bytes() {
        return invalid != null ? invalid.clone() : text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text;
    }
}
