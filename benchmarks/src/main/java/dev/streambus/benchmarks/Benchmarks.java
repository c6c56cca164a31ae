package dev.streambus.benchmarks;

import dev.streambus.benchmarks.bus.BusBenchmark;
import dev.streambus.benchmarks.cluster.ClusterBenchmark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/** Entry point of the benchmarks jar: {@code java -jar benchmarks/target/benchmarks.jar <name> [args]}. */
public final class Benchmarks {

    /** Lives in another engineer's subpackage; looked up by name so this compiles before it exists. */
    static final String PROJECTION_BENCHMARK = "dev.streambus.benchmarks.projection.ProjectionBenchmark";

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : new String[0];
        switch (name) {
            case "bus" -> BusBenchmark.main(rest);
            case "projections" -> runByName(PROJECTION_BENCHMARK, rest);
            case "cluster" -> ClusterBenchmark.main(rest);
            default -> {
                System.err.println(
                        "usage: java -jar benchmarks/target/benchmarks.jar <bus|projections|cluster> [args]");
                System.err.println("  bus [N] [rounds] [warmups] [consume|publish|latency]   publish/consume rates and "
                        + "latency vs. Redisson, Spring Data Redis, Lettuce and redis-benchmark (default N=200000, "
                        + "rounds=3, warmups=1)");
                System.err.println("  projections ...    projection benchmark");
                System.err.println("  cluster [N] [rounds]   the same publish/consume work on 1 Redis vs a 3-master "
                        + "Redis Cluster (default N=60000, rounds=3)");
                System.exit(name.isEmpty() ? 0 : 64);
            }
        }
    }

    private static void runByName(String className, String[] rest) throws Exception {
        Method main;
        try {
            main = Class.forName(className).getMethod("main", String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            System.err.println("benchmark '" + className + "' is not in this build yet (" + e + ")");
            System.exit(64);
            return;
        }
        try {
            main.invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
