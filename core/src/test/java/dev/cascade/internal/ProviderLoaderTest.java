package dev.cascade.internal;

import dev.cascade.Cascade;
import dev.cascade.ConfigurationException;
import dev.cascade.LogCapture;
import dev.cascade.backend.InMemoryStorage;
import dev.cascade.spi.Storage;
import dev.cascade.spi.StorageProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery is predictable and loud, slf4j-style: failing, duplicate and missing providers. */
class ProviderLoaderTest {

    /** A provider whose class cannot be instantiated. */
    public static final class FailingProvider implements StorageProvider {
        public FailingProvider() {
            throw new IllegalStateException("cannot start: missing driver");
        }

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public Storage create(Map<String, String> properties) {
            throw new AssertionError("never created");
        }
    }

    /** A second provider claiming the name {@code memory}. */
    public static final class SecondMemoryProvider implements StorageProvider {
        @Override
        public String name() {
            return "memory";
        }

        @Override
        public Storage create(Map<String, String> properties) {
            return new InMemoryStorage();
        }
    }

    /** A provider with another name, to show a failing neighbour does not stop discovery. */
    public static final class OtherProvider implements StorageProvider {
        @Override
        public String name() {
            return "other";
        }

        @Override
        public Storage create(Map<String, String> properties) {
            return new InMemoryStorage();
        }
    }

    private static ClassLoader withServices(Path dir, String... classes) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(StorageProvider.class.getName()), String.join("\n", classes) + "\n");
        return new URLClassLoader(new URL[]{dir.toUri().toURL()}, ProviderLoaderTest.class.getClassLoader());
    }

    @Test
    void aFailingProviderIsSkippedWithAWarningThatSaysWhy(@TempDir Path dir) throws IOException {
        ClassLoader cl = withServices(dir, FailingProvider.class.getName(), OtherProvider.class.getName());
        try (LogCapture logs = new LogCapture()) {
            StorageProvider found = ProviderLoader.find(StorageProvider.class, "other", StorageProvider::name, cl);
            assertThat(found).isInstanceOf(OtherProvider.class);
            assertThat(logs.all()).contains("Skipping a StorageProvider that failed to load").contains("FailingProvider");
        }
        assertThatThrownBy(() -> ProviderLoader.find(StorageProvider.class, "failing", StorageProvider::name, cl))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No StorageProvider named 'failing'")
                .hasMessageContaining("failed to load").hasMessageContaining("FailingProvider");
    }

    @Test
    void severalProvidersWithOneNameAreRefusedAndListed(@TempDir Path dir) throws IOException {
        ClassLoader cl = withServices(dir, SecondMemoryProvider.class.getName());
        assertThatThrownBy(() -> Cascade.builder().classLoader(cl).storage("memory", Map.of()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Several StorageProviders are named 'memory'")
                .hasMessageContaining("MemoryStorageProvider").hasMessageContaining("SecondMemoryProvider")
                .hasMessageContaining("pass an instance to the builder");
        // an explicit instance takes precedence over discovery
        try (Cascade cascade = Cascade.builder().classLoader(cl).storage(new InMemoryStorage()).build()) {
            assertThat(cascade.storage().name()).isEqualTo("memory");
        }
    }

    @Test
    void noProviderListsWhatWasFound() {
        assertThatThrownBy(() -> ProviderLoader.find(StorageProvider.class, "jdbcx", StorageProvider::name,
                ProviderLoaderTest.class.getClassLoader()))
                .hasMessageContaining("No StorageProvider named 'jdbcx'").hasMessageContaining("Found: memory (");
    }
}
