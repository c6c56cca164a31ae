package dev.streambus.benchmarks.bus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuTimesTest {

    @Test
    @EnabledOnOs(OS.LINUX) // /proc/stat
    void saysWhichShareOfTheCpuTimeSinceAStartWasStolenOrIdle() throws InterruptedException {
        CpuTimes start = CpuTimes.now();
        Thread.sleep(300); // the kernel counts in ticks of 10 ms: let some pass

        String split = CpuTimes.now().since(start);

        assertTrue(split.matches("steal \\d+\\.\\d %, idle \\d+\\.\\d % of all CPU time"), split);
    }

    @Test
    void noTicksSinceTheStartIsNotADivisionByZero() {
        CpuTimes start = CpuTimes.now();

        String split = start.since(start);

        assertEquals("n/a", split);
    }
}
