package dev.streambus.cli.ops;

import dev.streambus.cli.CliFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * TODO: rebuild a projection from its streams. The projections module (runner, checkpoints) is being built on another
 * branch; this placeholder only reserves the command and says so (exit code 1).
 */
@Command(name = "projection:rebuild", description = "TODO (not available yet): rebuilds a projection from its streams.")
public final class ProjectionRebuildCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<name>")
    String name;

    @Override
    public Integer call() {
        throw new CliFailure("error: projection:rebuild is not available yet (TODO): the projections module is "
                + "being built on another branch; nothing was changed", 1);
    }
}
