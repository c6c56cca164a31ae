package dev.streambus.partition;

import dev.streambus.redis.SlotKeys;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The placement of a {@link PartitionedStream}'s partitions: partition → slot → master (read-only). */
public final class ClusterLayout {

    private ClusterLayout() {
    }

    /** One placement per partition, partition 0 first. */
    public static List<PartitionPlacement> of(RedissonClient redisson, PartitionedStream family) {
        List<PartitionPlacement> out = new ArrayList<>(family.partitions());
        for (int p = 0; p < family.partitions(); p++) {
            String stream = family.stream(p);
            int slot = SlotKeys.slot(redisson, stream);
            out.add(new PartitionPlacement(p, stream, slot, node(redisson, slot),
                    redisson.getStream(stream, StringCodec.INSTANCE).size()));
        }
        return out;
    }

    private static String node(RedissonClient redisson, int slot) {
        if (!(redisson instanceof Redisson client)) {
            return "?";
        }
        var entry = client.getCommandExecutor().getConnectionManager().getWriteEntry(slot);
        if (entry == null || entry.getClient() == null) {
            return "?";
        }
        InetSocketAddress addr = entry.getClient().getAddr();
        return addr.getHostString() + ":" + addr.getPort();
    }
}
