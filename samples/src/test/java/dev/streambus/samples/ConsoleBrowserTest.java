package dev.streambus.samples;

import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.samples.orders.ConsoleDemo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.redisson.api.RedissonClient;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console demo in a real browser (headless Debian Chromium + chromedriver, one session for the class): publish
 * and see the length change, crash 3 deliveries of notif-2, claim them to notif-1 and see the group's pending go
 * back to 0 (notif-1 handles them at once); an entry whose data holds {@code <script>} renders as text. Skipped when
 * Chromium is missing, except under {@code CI=true}. Uses its own redis-server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private RedisServerProcess server;
    private RedissonClient redisson;
    private ConsoleDemo demo;
    private WebDriver browser;
    private Path profile;

    @BeforeAll
    void start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: "
                    + "apt-get install -y chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "browser test skipped: " + CHROMIUM + " and " + CHROMEDRIVER
                + " not installed (apt-get install -y chromium chromium-driver)");
        server = RedisServerProcess.create().start();
        redisson = server.newClient();
        demo = new ConsoleDemo(redisson, 0, Duration.ofMinutes(10));
        profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,2200", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.close();
        }
        if (redisson != null) {
            redisson.shutdown();
        }
        if (server != null) {
            server.stop();
        }
        if (profile != null) {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void publishCrashClaimAndEscapedData() throws IOException {
        demo.produce(1);
        browser.get(demo.url());
        // tables are re-rendered on every refresh: an element found a moment ago may be gone, look again
        WebDriverWait wait = waiting(Duration.ofSeconds(30));
        By placedLength = By.cssSelector("tr[data-stream='order.placed'] td.length");
        wait.until(d -> !text(d, placedLength).isEmpty());
        long before = Long.parseLong(text(browser, placedLength));

        publish("{\"orderId\":\"o-browser\",\"customer\":\"ann\",\"totalCents\":1099}");
        wait.until(d -> text(d, placedLength).equals(Long.toString(before + 1)));

        // crash the next 3 deliveries of notif-2, then publish until it has received (and crashed on) 3
        browser.findElement(By.id("lever-crash-value")).clear();
        browser.findElement(By.id("lever-crash-value")).sendKeys("3");
        browser.findElement(By.id("lever-crash")).click();
        wait.until(d -> d.findElement(By.id("status")).getText().contains("crash on its next 3"));
        wait.until(d -> {
            d.findElement(placedLength).click();
            return true;
        });
        By notif2 = By.cssSelector("tr[data-group='notifications'][data-consumer='notif-2'] td.pending");
        By notif1 = By.cssSelector("tr[data-group='notifications'][data-consumer='notif-1'] td.pending");
        wait.until(d -> !d.findElements(notif2).isEmpty());
        WebDriverWait crashes = waiting(Duration.ofSeconds(60));
        for (int i = 0; i < 30 && !text(browser, notif2).equals("3"); i++) {
            publish("{\"orderId\":\"o-crash-" + i + "\",\"customer\":\"bob\",\"totalCents\":500}");
            sleep(700);
        }
        crashes.until(d -> text(d, notif2).equals("3"));
        screenshot("console-crashed.png");

        // claim them to notif-1 (a consumer of the demo, running): it handles them at once, long before the
        // reaper (10 min here) would; notif-2's, notif-1's and the group's pending go back to 0
        By groupPending = By.cssSelector("tr.group[data-group='notifications'] td.pending");
        wait.until(d -> text(d, groupPending).equals("3"));
        new Select(browser.findElement(By.id("claim-group"))).selectByVisibleText("notifications");
        browser.findElement(By.id("claim-consumer")).sendKeys("notif-1");
        browser.findElement(By.id("claim-submit")).click();
        wait.until(d -> d.findElement(By.id("status")).getText().startsWith("claimed 3"));
        wait.until(d -> text(d, notif2).equals("0"));
        wait.until(d -> text(d, notif1).equals("0") && text(d, groupPending).equals("0"));

        // entry data holding HTML/JS renders as text
        String hostile = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";
        publish("{\"orderId\":\"o-xss\",\"note\":\"" + hostile.replace("\"", "\\\"") + "\"}");
        wait.until(d -> text(d, placedLength).equals(Long.toString(before + 2 + crashCount())));
        browser.findElement(By.id("entries-newest")).click();
        wait.until(d -> d.findElements(By.cssSelector("#entries pre")).stream()
                .anyMatch(p -> p.getText().contains("<script>window.pwned=1</script>")));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(
                "return window.pwned === undefined && document.querySelectorAll('#entries script, #entries img')"
                        + ".length === 0"), "entry data rendered as text, nothing executed");
        screenshot("console.png");
    }

    /** How many publishes the crash loop made: the stream length check after it adds them. */
    private int crashPublishes;

    private int crashCount() {
        return crashPublishes;
    }

    private void publish(String data) {
        WebElement event = browser.findElement(By.id("publish-event"));
        event.clear();
        event.sendKeys("order.placed");
        WebElement field = browser.findElement(By.id("publish-data"));
        field.clear();
        field.sendKeys(data);
        browser.findElement(By.id("publish-submit")).click();
        waiting(Duration.ofSeconds(15)).until(d -> d.findElement(By.id("status")).getText()
                .startsWith("published order.placed"));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('status').textContent = ''");
        if (data.contains("o-crash-")) {
            crashPublishes++;
        }
    }

    private WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static String text(WebDriver d, By by) {
        List<WebElement> found = d.findElements(by);
        try {
            return found.isEmpty() ? "" : found.get(0).getText();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    private void screenshot(String name) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(target) > 10_000, "screenshot " + target + " written");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
