package dev.streambus.samples;

import dev.streambus.samples.orders.OrdersDemo;

/** The demo a newcomer runs first: {@code java -jar samples/target/streambus-demo.jar}. */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        OrdersDemo.main(args);
    }
}
