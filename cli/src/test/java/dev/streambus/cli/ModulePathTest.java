package dev.streambus.cli;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.api.RedissonClient;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --module-path}: a Guice module compiled by the test (javax.tools) into a jar that is not on the class path,
 * loaded by the CLI in-process through a fresh class loader, as {@code java -jar streambus.jar} would load it.
 */
@RedisTest
class ModulePathTest {

    static final String MODULE = "acme.plugin.PluginModule";

    static final String SOURCE = """
            package acme.plugin;

            import com.google.inject.AbstractModule;
            import dev.streambus.guice.StreamBusModule;
            import dev.streambus.compat.message.ReceivedMessage;
            import dev.streambus.consume.MessageListener;
            import java.util.Set;

            public final class PluginModule extends AbstractModule {
                @Override
                protected void configure() {
                    String stream = System.getProperty("plugin.stream");
                    StreamBusModule.listeners(binder()).addBinding().toInstance(new MessageListener() {
                        public Set<String> events() { return Set.of(stream); }
                        public void onMessage(ReceivedMessage message) { }
                        public String receiver() { return "PluginListener"; }
                    });
                }
            }
            """;

    private final Cli cli;

    ModulePathTest(RedissonClient redisson) {
        this.cli = new Cli(redisson, new HashMap<>(), Clock.systemUTC());
    }

    @Test
    void listenRunsAModuleFromAJarOnTheModulePath(TestKeys keys, @TempDir Path dir) throws Exception {
        Path jar = compileToJar(dir);
        assertThrows(ClassNotFoundException.class, () -> Class.forName(MODULE), "not on the test class path");
        String stream = keys.stream("plugin.orders");
        System.setProperty("plugin.stream", stream);
        try {
            Cli.Result without = cli.run("list", "--module=" + MODULE);
            assertEquals(2, without.exit(), without::toString);
            assertTrue(without.err().contains("--module-path"), () -> "the error points at --module-path: " + without);

            String id = cli.run("publish", stream, "--data", "{\"n\":1}").out().trim();
            Cli.Result result = cli.run("listen", stream, "--last_id=0-0", "--count=1", "--module-path=" + jar,
                    "--module=" + MODULE);
            assertEquals(0, result.exit(), result::toString);
            assertEquals(List.of("Processed message [" + id + "] on '" + stream + "' stream by [PluginListener] "
                    + "listener."), result.outLines());

            Path plugins = Files.createDirectory(dir.resolve("plugins"));
            Files.copy(jar, plugins.resolve("plugin.jar"));
            Cli.Result fromDirectory = cli.run("list", "--compact", "--module-path=" + plugins, "--module=" + MODULE);
            assertEquals(0, fromDirectory.exit(), fromDirectory::toString);
            assertTrue(fromDirectory.out().contains(" " + stream + " "), fromDirectory::toString);

            Cli.Result missing = cli.run("list", "--module-path=" + dir.resolve("nope.jar"), "--module=" + MODULE);
            assertEquals(2, missing.exit(), missing::toString);
            assertEquals("error: --module-path entry '" + dir.resolve("nope.jar") + "' does not exist\n",
                    missing.err());
        } finally {
            System.clearProperty("plugin.stream");
        }
    }

    /** Compiles {@link #SOURCE} against the CLI's class path into {@code dir/plugin.jar}. */
    static Path compileToJar(Path dir) throws IOException {
        Path src = dir.resolve("src/acme/plugin/PluginModule.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.toString());
        assertEquals(0, status, diagnostics::toString);
        Path jar = dir.resolve("plugin.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> all = Files.walk(classes)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
