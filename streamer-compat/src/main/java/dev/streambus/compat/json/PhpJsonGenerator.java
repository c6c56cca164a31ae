package dev.streambus.compat.json;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Makes a Jackson generator write what PHP's {@code json_encode} writes: numbers in PHP form, and every string
 * and name through the underlying (escaping) {@code writeString}/{@code writeFieldName}, after rejecting unpaired
 * surrogates. Escaping itself is the wrapped generator's job ({@link PhpCharacterEscapes} plus its features).
 */
final class PhpJsonGenerator extends JsonGeneratorDelegate {

    static final String MALFORMED_UTF8 = "Malformed UTF-8 characters, possibly incorrectly encoded";

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    PhpJsonGenerator(JsonGenerator delegate) {
        // false: writeObject/writeTree/copy* run through this instance, not straight on the delegate
        super(delegate, false);
    }

    // ---- numbers ----

    @Override
    public void writeNumber(double v) throws IOException {
        delegate.writeNumber(PhpNumberFormat.format(v));
    }

    @Override
    public void writeNumber(float v) throws IOException {
        delegate.writeNumber(PhpNumberFormat.format(v));
    }

    @Override
    public void writeNumber(BigDecimal v) throws IOException {
        if (v == null) {
            writeNull();
        } else {
            writeNumber(v.doubleValue());
        }
    }

    @Override
    public void writeNumber(BigInteger v) throws IOException {
        if (v == null) {
            writeNull();
        } else if (v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0) {
            delegate.writeNumber(v.longValue());
        } else {
            // PHP has no integers beyond 64 bits: such a number is a float there
            writeNumber(v.doubleValue());
        }
    }

    @Override
    public void writeArray(double[] array, int offset, int length) throws IOException {
        writeStartArray(array, length);
        for (int i = offset; i < offset + length; i++) {
            writeNumber(array[i]);
        }
        writeEndArray();
    }

    // ---- strings ----

    @Override
    public void writeString(String text) throws IOException {
        if (text == null) {
            writeNull();
            return;
        }
        delegate.writeString(checked(text));
    }

    @Override
    public void writeString(char[] text, int offset, int len) throws IOException {
        writeString(new String(text, offset, len));
    }

    @Override
    public void writeString(SerializableString text) throws IOException {
        writeString(text.getValue());
    }

    @Override
    public void writeString(Reader reader, int len) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[4096];
        int remaining = len < 0 ? Integer.MAX_VALUE : len;
        int n;
        while (remaining > 0 && (n = reader.read(buffer, 0, Math.min(buffer.length, remaining))) > 0) {
            text.append(buffer, 0, n);
            remaining -= n;
        }
        writeString(text.toString());
    }

    @Override
    public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
        writeString(new String(text, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
        writeString(new String(text, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void writeArray(String[] array, int offset, int length) throws IOException {
        writeStartArray(array, length);
        for (int i = offset; i < offset + length; i++) {
            writeString(array[i]);
        }
        writeEndArray();
    }

    @Override
    public void writeFieldName(String name) throws IOException {
        delegate.writeFieldName(checked(name));
    }

    @Override
    public void writeFieldName(SerializableString name) throws IOException {
        // pre-quoted names (bean properties) are quoted by Jackson's rules, not PHP's: quote them again here
        writeFieldName(name.getValue());
    }

    @Override
    public void writeFieldId(long id) throws IOException {
        writeFieldName(Long.toString(id));
    }

    // ---- binary: Base64 contains '/', which PHP escapes ----

    @Override
    public void writeBinary(Base64Variant variant, byte[] data, int offset, int len) throws IOException {
        byte[] slice = new byte[len];
        System.arraycopy(data, offset, slice, 0, len);
        writeString(variant.encode(slice));
    }

    @Override
    public int writeBinary(Base64Variant variant, InputStream data, int dataLength) throws IOException {
        byte[] bytes = dataLength < 0 ? data.readAllBytes() : data.readNBytes(dataLength);
        writeString(variant.encode(bytes));
        return bytes.length;
    }

    /** PHP strings are bytes; a Java string with an unpaired surrogate has no UTF-8 form. */
    private static String checked(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new PhpJsonException(MALFORMED_UTF8);
            }
            if (Character.isLowSurrogate(c)) {
                throw new PhpJsonException(MALFORMED_UTF8);
            }
        }
        return text;
    }
}
