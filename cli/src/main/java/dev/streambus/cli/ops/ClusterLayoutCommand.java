package dev.streambus.cli.ops;

import dev.streambus.cli.AsciiTable;
import dev.streambus.cli.RedisCommand;
import dev.streambus.partition.ClusterLayout;
import dev.streambus.partition.PartitionPlacement;
import dev.streambus.partition.PartitionedStream;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** Prints where the partitions of a partitioned stream live. Read-only. */
@Command(name = "cluster:layout", description = "Prints partition -> stream -> hash slot -> master of a partitioned "
        + "stream (<event>:{<tag>.<n>}).")
public final class ClusterLayoutCommand extends RedisCommand {

    @Parameters(index = "0", paramLabel = "<event>", description = "The event name of the family.")
    String event;

    @Option(names = "--tag", required = true, description = "The hash-tag base of the partitions (e.g. orders).")
    String tag;

    @Option(names = "--partitions", required = true, description = "How many partitions the family has.")
    int partitions;

    private PartitionedStream family;

    @Override
    protected void validate() {
        try {
            family = new PartitionedStream(event, tag, partitions);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    @Override
    protected int run(RedissonClient redisson) {
        List<List<String>> rows = new ArrayList<>();
        for (PartitionPlacement p : ClusterLayout.of(redisson, family)) {
            rows.add(List.of(Integer.toString(p.partition()), p.stream(), Integer.toString(p.slot()), p.node(),
                    Long.toString(p.length())));
        }
        print(AsciiTable.render(List.of("Partition", "Stream", "Slot", "Node", "Length"), rows));
        return 0;
    }
}
