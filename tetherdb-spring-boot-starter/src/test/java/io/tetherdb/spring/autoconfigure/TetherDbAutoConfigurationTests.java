package io.tetherdb.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherOptions;
import io.tetherdb.error.ReadOnlyStoreException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.spring.lifecycle.TetherDbCleanupScheduler;
import io.tetherdb.spring.lifecycle.TetherDbLifecycle;
import io.tetherdb.spring.mapping.TetherMappingJsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link TetherDbAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TetherDbAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void opensFileBackedStoreAtConfiguredPath(CapturedOutput output) {
        Path file = this.directory.resolve("store.db");
        this.contextRunner.withPropertyValues("tetherdb.path=" + file).run((context) -> {
            assertThat(context).hasSingleBean(TetherDB.class)
                .hasSingleBean(TetherDbLifecycle.class)
                .hasSingleBean(TetherDbCleanupScheduler.class);
            TetherDB db = context.getBean(TetherDB.class);
            assertThat(db.path()).contains(file);
            assertThat(db.isClosed()).isFalse();
            assertThat(Files.exists(file)).isTrue();
        });
        assertThat(output).contains("Opened TetherDB store at " + file.toAbsolutePath());
    }

    @Test
    void defaultPathIsDataTetherdbDbInTheWorkingDirectory(CapturedOutput output) throws IOException {
        Path expected = Path.of("data", "tetherdb.db").toAbsolutePath();
        boolean directoryExisted = Files.exists(expected.getParent());
        boolean fileExisted = Files.exists(expected);
        try {
            this.contextRunner.run((context) -> {
                TetherDB db = context.getBean(TetherDB.class);
                assertThat(db.path()).hasValueSatisfying(
                        (path) -> assertThat(path.toAbsolutePath().normalize()).isEqualTo(expected));
            });
            assertThat(output).contains("Opened TetherDB store at " + expected);
        }
        finally {
            if (!fileExisted) {
                Files.deleteIfExists(expected);
            }
            if (!directoryExisted) {
                Files.deleteIfExists(expected.getParent());
            }
        }
    }

    @Test
    void opensInMemoryStoreWhenRequestedAndIgnoresPath(CapturedOutput output) {
        Path file = this.directory.resolve("unused.db");
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true", "tetherdb.path=" + file).run((context) -> {
            TetherDB db = context.getBean(TetherDB.class);
            assertThat(db.path()).isEmpty();
            assertThat(db.options().inMemory()).isTrue();
            assertThat(Files.exists(file)).isFalse();
        });
        assertThat(output).contains("Opened in-memory TetherDB store");
    }

    @Test
    void backsOffWhenUserDefinesTetherDB() {
        TetherDB own = TetherDB.inMemory();
        this.contextRunner.withBean("ownStore", TetherDB.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(TetherDB.class)
                .doesNotHaveBean(TetherDbLifecycle.class)
                .doesNotHaveBean(TetherDbCleanupScheduler.class);
            assertThat(context.getBean(TetherDB.class)).isSameAs(own);
        });
        assertThat(own.isClosed()).isTrue();
    }

    @Test
    void backsOffWhenTetherDBIsNotOnTheClassPath() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(TetherDB.class))
            .withPropertyValues("tetherdb.in-memory=true")
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean("tetherDB")
                .doesNotHaveBean(TetherDbProperties.class)
                .doesNotHaveBean(TetherDbLifecycle.class));
    }

    @Test
    void bindsEveryPropertyToTheBuilder() {
        this.contextRunner
            .withPropertyValues("tetherdb.path=" + this.directory.resolve("tuned.db"), "tetherdb.flush.threshold=20",
                    "tetherdb.flush.interval=5s", "tetherdb.flush.adaptive=true", "tetherdb.cache-size=32MB",
                    "tetherdb.page-size=4KB", "tetherdb.compression.enabled=false",
                    "tetherdb.compression.min-size=1KB", "tetherdb.max-document-size=2MB",
                    "tetherdb.ttl.cleanup-interval=10s")
            .run((context) -> {
                TetherOptions options = context.getBean(TetherDB.class).options();
                assertThat(options.path()).isEqualTo(this.directory.resolve("tuned.db"));
                assertThat(options.flushThreshold()).isEqualTo(20);
                assertThat(options.flushInterval()).isEqualTo(Duration.ofSeconds(5));
                assertThat(options.adaptiveFlush()).isTrue();
                assertThat(options.cacheSize()).isEqualTo(32L * 1024 * 1024);
                assertThat(options.pageSize()).isEqualTo(4 * 1024);
                assertThat(options.compression()).isFalse();
                assertThat(options.compressMinSize()).isEqualTo(1024);
                assertThat(options.maxDocumentSize()).isEqualTo(2 * 1024 * 1024);
                assertThat(options.cleanupInterval()).as("the engine's own sweep").isZero();
                assertThat(context.getBean(TetherDbCleanupScheduler.class).getInterval())
                    .isEqualTo(Duration.ofSeconds(10));
            });
    }

    @Test
    void defaultPropertiesAreTheEngineDefaults() {
        TetherDbProperties properties = new TetherDbProperties();
        TetherOptions defaults = TetherOptions.defaults();
        assertThat(properties.getPath()).isEqualTo(Path.of("data/tetherdb.db"));
        assertThat(properties.isInMemory()).isFalse();
        assertThat(properties.getFlush().getThreshold()).isEqualTo(defaults.flushThreshold());
        assertThat(properties.getFlush().getInterval()).isEqualTo(defaults.flushInterval());
        assertThat(properties.getFlush().isAdaptive()).isEqualTo(defaults.adaptiveFlush());
        // unset: the core's default, a share of the heap
        assertThat(properties.getCacheSize()).isNull();
        assertThat(properties.getPageSize().toBytes()).isEqualTo(defaults.pageSize());
        assertThat(properties.getCompression().isEnabled()).isEqualTo(defaults.compression());
        assertThat(properties.getCompression().getMinSize().toBytes()).isEqualTo(defaults.compressMinSize());
        assertThat(properties.getMaxDocumentSize().toBytes()).isEqualTo(defaults.maxDocumentSize());
        assertThat(properties.getTtl().isCleanupEnabled()).isTrue();
        assertThat(properties.getTtl().getCleanupInterval()).isEqualTo(defaults.cleanupInterval());
        assertThat(properties.isReadOnly()).isEqualTo(defaults.readOnly());
        assertThat(properties.getFilePermissions())
            .isEqualTo(PosixFilePermissions.toString(TetherOptions.DEFAULT_FILE_PERMISSIONS));
        assertThat(properties.getQuery().getMaxTime()).isEqualTo(defaults.queryTimeout());
    }

    @Test
    void bindsQueryMaxTimeToTheStoreQueryTimeout() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true", "tetherdb.query.max-time=2s")
            .run((context) -> assertThat(context.getBean(TetherDB.class).options().queryTimeout())
                .isEqualTo(Duration.ofSeconds(2)));
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true")
            .run((context) -> assertThat(context.getBean(TetherDB.class).options().queryTimeout()).isZero());
    }

    @Test
    void failsOnNegativeQueryMaxTime() {
        assertInvalid("tetherdb.query.max-time", "-1s", "queryTimeout must not be negative");
    }

    @Test
    void readOnlyOpensAnExistingStoreAndSchedulesNothingThatWrites() throws IOException {
        Path file = this.directory.resolve("existing.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(Map.of("name", "kept"), PutOptions.id("k1"));
            db.put(Map.of("name", "expired"), PutOptions.id("k2").ttl(Duration.ofMillis(1)));
        }
        byte[] before = Files.readAllBytes(file);
        this.contextRunner.withPropertyValues("tetherdb.path=" + file, "tetherdb.read-only=true").run((context) -> {
            assertThat(context).hasSingleBean(TetherDbLifecycle.class).doesNotHaveBean(TetherDbCleanupScheduler.class);
            TetherDB db = context.getBean(TetherDB.class);
            assertThat(db.options().readOnly()).isTrue();
            assertThat(db.get("k1")).isPresent();
            assertThatExceptionOfType(ReadOnlyStoreException.class)
                .isThrownBy(() -> db.put(Map.of("name", "new")))
                .withMessageContaining("is open read-only");
            context.stop();
        });
        assertThat(Files.readAllBytes(file)).as("nothing was written, not even at shutdown").isEqualTo(before);
    }

    @Test
    void cleanupSchedulerDoesNotStartWhenACustomizerMakesTheStoreReadOnly() throws IOException {
        Path file = this.directory.resolve("customized.db");
        TetherDB.open(file).close();
        this.contextRunner.withPropertyValues("tetherdb.path=" + file, "tetherdb.ttl.cleanup-interval=1s")
            .withBean(TetherDbBuilderCustomizer.class, () -> (builder) -> builder.readOnly(true))
            .run((context) -> {
                assertThat(context.getBean(TetherDB.class).options().readOnly()).isTrue();
                assertThat(context.getBean(TetherDbCleanupScheduler.class).isRunning()).isFalse();
            });
    }

    @Test
    void readOnlyStoreWithoutAFileFailsStartUp() {
        Path missing = this.directory.resolve("missing.db");
        this.contextRunner.withPropertyValues("tetherdb.path=" + missing, "tetherdb.read-only=true")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining("a read-only open never creates a store"));
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void failsOnReadOnlyInMemoryStore() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true", "tetherdb.read-only=true")
            .run((context) -> assertInvalid(context, "tetherdb.read-only", "tetherdb.in-memory is true"));
    }

    @Test
    void appliesFilePermissionsToANewStoreFile() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path file = this.directory.resolve("shared.db");
        this.contextRunner.withPropertyValues("tetherdb.path=" + file, "tetherdb.file-permissions=rw-r-----")
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        Path privateFile = this.directory.resolve("private.db");
        this.contextRunner.withPropertyValues("tetherdb.path=" + privateFile)
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
    }

    @Test
    void failsOnMalformedFilePermissions() {
        assertInvalid("tetherdb.file-permissions", "rw-rw", "nine characters such as rw-------");
        assertInvalid("tetherdb.file-permissions", "rwxrwxrwz", "nine characters such as rw-------");
    }

    @Test
    void failsOnFilePermissionsWithoutOwnerReadAndWrite() {
        assertInvalid("tetherdb.file-permissions", "r--r-----", "filePermissions must include OWNER_READ and OWNER_WRITE");
    }

    @Test
    void failsOnFlushThresholdBelowOne() {
        assertInvalid("tetherdb.flush.threshold", "0", "flushThreshold must be at least 1 but was 0");
    }

    @Test
    void failsOnNegativeFlushInterval() {
        assertInvalid("tetherdb.flush.interval", "-1s", "flushInterval must not be negative");
    }

    @Test
    void failsOnNegativeCacheSize() {
        assertInvalid("tetherdb.cache-size", "-1MB", "cacheSize must not be negative");
    }

    @Test
    void failsOnPageSizeBelow512Bytes() {
        assertInvalid("tetherdb.page-size", "100B", "pageSize must be at least 512 bytes but was 100");
    }

    @Test
    void failsOnNegativeCompressionMinSize() {
        assertInvalid("tetherdb.compression.min-size", "-1B", "compressMinSize must not be negative");
    }

    @Test
    void failsOnMaxDocumentSizeAboveOneGigabyte() {
        assertInvalid("tetherdb.max-document-size", "2GB", "must be at most 2147483647 bytes");
        assertInvalid("tetherdb.max-document-size", "1025MB", "maxDocumentSize must be between 1 and");
    }

    @Test
    void failsOnCleanupIntervalThatIsNotPositive() {
        assertInvalid("tetherdb.ttl.cleanup-interval", "0s", "The cleanup interval must be positive");
    }

    @Test
    void failsOnUnparseableValueNamingTheProperty() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true", "tetherdb.flush.threshold=often")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("Failed to bind properties under 'tetherdb.flush.threshold'"));
    }

    @Test
    void appliesBuilderCustomizersAfterTheProperties() {
        Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true", "tetherdb.flush.threshold=20")
            .withBean("second", TetherDbBuilderCustomizer.class, () -> new OrderedCustomizer(2, 300))
            .withBean("first", TetherDbBuilderCustomizer.class, () -> new OrderedCustomizer(1, 200))
            .withBean("clock", TetherDbBuilderCustomizer.class, () -> (builder) -> builder.clock(clock))
            .run((context) -> {
                TetherOptions options = context.getBean(TetherDB.class).options();
                assertThat(options.flushThreshold()).isEqualTo(300);
                assertThat(options.clock()).isSameAs(clock);
            });
    }

    @Test
    void flushesWhenTheContextStopsAndClosesTheStoreOnShutdown() {
        Path file = this.directory.resolve("shutdown.db");
        this.contextRunner
            .withPropertyValues("tetherdb.path=" + file, "tetherdb.flush.threshold=1000000", "tetherdb.flush.interval=0")
            .run((context) -> {
                TetherDB db = context.getBean(TetherDB.class);
                db.put(Map.of("name", "kept"), PutOptions.id("k1"));
                long syncs = db.statistics().syncs();
                assertThat(context.getBean(TetherDbLifecycle.class).isRunning()).isTrue();

                context.stop();
                assertThat(db.statistics().syncs()).as("syncs after the lifecycle stopped").isGreaterThan(syncs);
                assertThat(db.isClosed()).as("closed only when the bean is destroyed").isFalse();

                context.close();
                assertThat(db.isClosed()).isTrue();
            });
        try (TetherDB reopened = TetherDB.open(file)) {
            assertThat(reopened.get("k1")).isPresent();
        }
    }

    @Test
    void flushRunsAfterTheWebServerHasStopped() {
        // Lifecycle beans stop from the highest phase down: the lower phase stops later.
        int webServerStopPhase = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE;
        assertThat(webServerStopPhase).isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
        assertThat(TetherDbLifecycle.PHASE).isLessThan(webServerStopPhase);
        assertThat(TetherDbLifecycle.PHASE).isLessThan(SmartLifecycle.DEFAULT_PHASE);
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true").run((context) -> {
            int cleanupPhase = context.getBean(TetherDbCleanupScheduler.class).getPhase();
            assertThat(cleanupPhase).as("sweeps end before the final flush")
                .isGreaterThan(TetherDbLifecycle.PHASE)
                .isLessThan(webServerStopPhase);
        });
    }

    @Test
    void exposesTheApplicationJsonMapperForEntityMapping() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
            .withPropertyValues("tetherdb.in-memory=true")
            .run((context) -> {
                assertThat(context).hasSingleBean(JsonMapper.class).hasSingleBean(TetherMappingJsonMapper.class);
                assertThat(context.getBean(TetherMappingJsonMapper.class).getJsonMapper())
                    .isSameAs(context.getBean(JsonMapper.class));
            });
    }

    @Test
    void usesADefaultJsonMapperWhenTheApplicationHasNone() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true").run((context) -> {
            assertThat(context).doesNotHaveBean(JsonMapper.class);
            assertThat(context.getBean(TetherMappingJsonMapper.class).getJsonMapper()).isNotNull();
        });
    }

    @Test
    void noJsonMappingWithoutJackson() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
            .withPropertyValues("tetherdb.in-memory=true")
            .run((context) -> assertThat(context).hasSingleBean(TetherDB.class)
                .doesNotHaveBean(TetherMappingJsonMapper.class));
    }

    @Test
    void encryptsTheStoreWithThePasswordProperty() throws IOException {
        Path file = this.directory.resolve("encrypted.db");
        this.contextRunner
            .withPropertyValues("tetherdb.path=" + file, "tetherdb.encryption.password=from-a-secret-store",
                    "tetherdb.encryption.kdf-memory=64KB", "tetherdb.encryption.kdf-iterations=1")
            .run((context) -> {
                TetherDB db = context.getBean(TetherDB.class);
                assertThat(db.isEncrypted()).isTrue();
                db.put(Map.of("field", "clear text value"), PutOptions.id("e1"));
            });
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
            .doesNotContain("clear text value");
        this.contextRunner.withPropertyValues("tetherdb.path=" + file, "tetherdb.encryption.password=wrong")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(io.tetherdb.error.WrongPasswordException.class));
        this.contextRunner.withPropertyValues("tetherdb.path=" + file)
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(io.tetherdb.error.PasswordRequiredException.class));
    }

    @Test
    void keyDerivationDefaultsAreTheEngineDefaults() {
        TetherDbProperties.Encryption encryption = new TetherDbProperties().getEncryption();
        assertThat(encryption.getKdfMemory().toKilobytes()).isEqualTo(io.tetherdb.EncryptionOptions.DEFAULT_MEMORY_KIB);
        assertThat(encryption.getKdfIterations()).isEqualTo(io.tetherdb.EncryptionOptions.DEFAULT_ITERATIONS);
        assertThat(encryption.getKdfParallelism()).isEqualTo(io.tetherdb.EncryptionOptions.DEFAULT_PARALLELISM);
    }

    @Test
    void failsOnKeyDerivationCostsTheEngineRefuses() {
        this.contextRunner
            .withPropertyValues("tetherdb.path=" + this.directory.resolve("kdf.db"), "tetherdb.encryption.password=x",
                    "tetherdb.encryption.kdf-iterations=0")
            .run((context) -> assertInvalid(context, "tetherdb.encryption.kdf-iterations", "iterations must be between"));
        this.contextRunner
            .withPropertyValues("tetherdb.path=" + this.directory.resolve("kdf.db"), "tetherdb.encryption.password=x",
                    "tetherdb.encryption.kdf-memory=4KB")
            .run((context) -> assertInvalid(context, "tetherdb.encryption.kdf-memory", "memoryKiB must be between"));
    }

    private void assertInvalid(String property, String value, String reason) {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true", property + "=" + value)
            .run((context) -> assertInvalid(context, property, reason));
    }

    private static void assertInvalid(AssertableApplicationContext context, String property, String reason) {
        assertThat(context).hasFailed();
        assertThat(context.getStartupFailure()).rootCause()
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("Property " + property + " with value")
            .hasMessageContaining(reason);
        assertThat(context.getStartupFailure()).rootCause()
            .extracting((ex) -> ((InvalidConfigurationPropertyValueException) ex).getName())
            .isEqualTo(property);
    }

    private record OrderedCustomizer(int order, int flushThreshold) implements TetherDbBuilderCustomizer, Ordered {

        @Override
        public void customize(io.tetherdb.TetherDBBuilder builder) {
            builder.flushThreshold(this.flushThreshold);
        }

        @Override
        public int getOrder() {
            return this.order;
        }
    }

}
