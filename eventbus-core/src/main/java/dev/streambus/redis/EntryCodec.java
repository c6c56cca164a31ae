package dev.streambus.redis;

import org.redisson.client.codec.BaseCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

/**
 * The codec stream entries are read with for dispatch: every reply string becomes a {@link StoredText}, a new one
 * per occurrence, so a field stored twice is not collapsed (Redisson decodes entries into a map) and bytes that are
 * not UTF-8 are kept. Arguments are written as UTF-8 strings, as with {@link StringCodec}.
 * {@link RedisStreams#entries} turns what it reads into {@link StreamEntry}s.
 */
public final class EntryCodec extends BaseCodec {

    public static final EntryCodec INSTANCE = new EntryCodec();

    private static final Decoder<Object> DECODER = (buf, state) -> StoredText.read(buf);

    private EntryCodec() {
    }

    @Override
    public Decoder<Object> getValueDecoder() {
        return DECODER;
    }

    @Override
    public Encoder getValueEncoder() {
        return StringCodec.INSTANCE.getValueEncoder();
    }
}
