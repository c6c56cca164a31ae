package dev.streambus.samples;

import dev.streambus.samples.orders.OrdersDemo;

/**
 * The demo a newcomer runs first: {@code java -jar samples/target/streambus-demo.jar}; with {@code --console} the
 * same orders service stays up behind the web console.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.List.of(args).contains("--console")) {
            dev.streambus.samples.orders.ConsoleDemo.main(args);
        } else {
            OrdersDemo.main(args);
        }
    }
}
