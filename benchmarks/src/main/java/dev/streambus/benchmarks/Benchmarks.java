package dev.streambus.benchmarks;

/** Entry point of the benchmarks jar: {@code java -jar benchmarks/target/benchmarks.jar <name>}. */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) {
        System.out.println("usage: java -jar benchmarks/target/benchmarks.jar <bus|projections>");
    }
}
