package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TetherTestExtension.class)
class TetherOptionsTests {

    @TempDir
    Path directory;

    @Test
    void defaultsMatchTheDocumentation() {
        TetherOptions options = TetherDB.builder().options();

        assertThat(options.inMemory()).isTrue();
        assertThat(options.flushThreshold()).isEqualTo(1000);
        assertThat(options.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.adaptiveFlush()).isFalse();
        assertThat(options.cacheSize()).isEqualTo(TetherOptions.defaultCacheSize(Runtime.getRuntime().maxMemory()));
        assertThat(options.pageSize()).isEqualTo(16 * 1024);
        assertThat(options.compression()).isTrue();
        assertThat(options.compressMinSize()).isEqualTo(256);
        assertThat(options.maxDocumentSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(options.cleanupInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.readOnly()).isFalse();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(options.filePermissions()))
                .isEqualTo("rw-------");
    }

    @Test
    void theDefaultCacheIsAnEighthOfTheHeapFrom16MiBTo1GiB() {
        long mib = 1024L * 1024;
        assertThat(TetherOptions.defaultCacheSize(64 * mib)).isEqualTo(16 * mib);
        assertThat(TetherOptions.defaultCacheSize(512 * mib)).isEqualTo(64 * mib);
        assertThat(TetherOptions.defaultCacheSize(4096 * mib)).isEqualTo(512 * mib);
        assertThat(TetherOptions.defaultCacheSize(1000 * mib + 12345)).as("whole MiB").isEqualTo(125 * mib);
        assertThat(TetherOptions.defaultCacheSize(64 * 1024 * mib)).isEqualTo(1024 * mib);
        assertThat(TetherOptions.defaultCacheSize(Long.MAX_VALUE)).isEqualTo(1024 * mib);
        assertThat(TetherDB.builder().cacheSize(3 * mib).options().cacheSize()).as("an explicit size wins")
                .isEqualTo(3 * mib);
    }

    @Test
    void everyOptionIsTakenAndTheStoreWorks() {
        Path file = directory.resolve("tuned.db");
        try (TetherDB db = TetherDB.builder().path(file).flushThreshold(20).flushInterval(Duration.ofSeconds(5))
                .adaptiveFlush(true).cacheSize(4L * 1024 * 1024).pageSize(4096).compression(true)
                .compressMinSize(128).maxDocumentSize(64 * 1024).cleanupInterval(Duration.ofSeconds(30))
                .clock(Clock.systemUTC()).open()) {
            TetherOptions options = db.options();
            assertThat(options.path()).isEqualTo(file);
            assertThat(options.flushThreshold()).isEqualTo(20);
            assertThat(options.flushInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(options.adaptiveFlush()).isTrue();
            assertThat(options.cacheSize()).isEqualTo(4L * 1024 * 1024);
            assertThat(options.pageSize()).isEqualTo(4096);
            assertThat(options.compressMinSize()).isEqualTo(128);
            assertThat(options.maxDocumentSize()).isEqualTo(64 * 1024);
            assertThat(options.cleanupInterval()).isEqualTo(Duration.ofSeconds(30));
            for (int i = 0; i < 2000; i++) {
                db.put(Map.of("i", i, "text", "some text to fill pages " + i));
            }
            assertThat(db.count()).isEqualTo(2000);
        }
    }

    @Test
    void invalidValuesAreRejectedNamingTheOption() {
        TetherDBBuilder b = TetherDB.builder();
        assertThatIllegalArgumentException().isThrownBy(() -> b.flushThreshold(0))
                .withMessage("flushThreshold must be at least 1 but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> b.flushInterval(Duration.ofSeconds(-1)))
                .withMessageContaining("flushInterval must not be negative");
        assertThatIllegalArgumentException().isThrownBy(() -> b.cacheSize(-1))
                .withMessageContaining("cacheSize must not be negative but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> b.pageSize(0))
                .withMessageContaining("pageSize must be at least 512 bytes but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> b.compressMinSize(-5))
                .withMessageContaining("compressMinSize");
        assertThatIllegalArgumentException().isThrownBy(() -> b.maxDocumentSize(0))
                .withMessageContaining("maxDocumentSize");
        assertThatIllegalArgumentException().isThrownBy(() -> b.maxDocumentSize(Integer.MAX_VALUE))
                .withMessageContaining("maxDocumentSize");
        assertThatIllegalArgumentException().isThrownBy(() -> b.cleanupInterval(null))
                .withMessageContaining("cleanupInterval must not be null");
    }

    @Test
    void optionsBuiltDirectlyAreCheckedWhenTheStoreOpens() {
        TetherOptions defaults = TetherOptions.defaults();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TetherDB.open(new TetherOptions(null, 10, Duration.ZERO, false, 0, 100, true, 0,
                        1024, Duration.ZERO, defaults.clock())))
                .withMessageContaining("pageSize");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TetherDB.open(new TetherOptions(null, -3, Duration.ZERO, false, 0, 4096, true, 0,
                        1024, Duration.ZERO, defaults.clock())))
                .withMessageContaining("flushThreshold");
    }

    @Test
    void putOptionsAreCheckedToo() {
        assertThatIllegalArgumentException().isThrownBy(() -> PutOptions.id(""))
                .withMessageContaining("id must not be empty");
        assertThatNullPointerException().isThrownBy(() -> PutOptions.defaults().ttl(null))
                .withMessageContaining("ttl must not be null");
        assertThat(PutOptions.id("a").ttl(Duration.ofSeconds(1)).tags("x", "y", "x").tags())
                .containsExactly("x", "y");
    }
}
