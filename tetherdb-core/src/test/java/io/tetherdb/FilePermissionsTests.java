package io.tetherdb;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store file that the open creates is readable and writable by its owner only, or has the
 * permissions of {@code filePermissions}; an existing file keeps its own.
 */
@ExtendWith(TetherTestExtension.class)
class FilePermissionsTests {

    @TempDir
    Path directory;

    @BeforeEach
    void posixFileSystem() {
        assumeTrue(Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null,
                "permission bits need a POSIX file system");
    }

    @Test
    void aNewStoreFileIsOwnerOnlyAndIsTheOnlyFileTheStoreCreates() throws IOException {
        Path file = directory.resolve("private.db");
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(permissions(file)).isEqualTo("rw-------");
            List<Map<String, ?>> batch = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                batch.add(json("{i: " + i + ", text: 'filler text " + i + "'}"));
            }
            List<String> ids = db.putBatch(batch);
            db.collection("other").createIndex("{i: 1}");
            db.deleteBatch(ids.subList(0, 1500));
            db.compact();
            db.flush();
        }
        assertThat(permissions(file)).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void theOptionSetsExactlyThePermissionsAskedForWhateverTheUmask() throws IOException {
        // a usual umask (022) would take away group write if the permissions were only given at creation
        Path file = directory.resolve("shared-group.db");
        try (TetherDB db = TetherDB.builder().path(file)
                .filePermissions(PosixFilePermissions.fromString("rw-rw----")).open()) {
            assertThat(db.options().filePermissions()).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
            db.put(json("{n: 1}"));
        }
        assertThat(permissions(file)).isEqualTo("rw-rw----");
    }

    @Test
    void aNewFileInNewDirectoriesIsOwnerOnlyToo() {
        Path file = directory.resolve("a/b/nested.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(json("{n: 1}"));
        }
        assertThat(permissions(file)).isEqualTo("rw-------");
    }

    @Test
    void anExistingFileKeepsItsPermissions() throws IOException {
        Path file = directory.resolve("existing.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(json("{n: 1}"));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        try (TetherDB db = TetherDB.builder().path(file)
                .filePermissions(PosixFilePermissions.fromString("rw-rw-rw-")).open()) {
            db.put(json("{n: 2}"));
        }
        assertThat(permissions(file)).isEqualTo("rw-r-----");
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            assertThat(db.count()).isEqualTo(2);
        }
        assertThat(permissions(file)).isEqualTo("rw-r-----");
    }

    @Test
    void permissionsWithoutOwnerReadAndWriteAreRejectedNamingTheOption() {
        TetherDBBuilder builder = TetherDB.builder();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.filePermissions(PosixFilePermissions.fromString("r--r--r--")))
                .withMessage("filePermissions must include OWNER_READ and OWNER_WRITE, so that the store can use"
                        + " its own file, but was r--r--r--");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.filePermissions(EnumSet.of(PosixFilePermission.OWNER_READ)))
                .withMessageContaining("but was r--------");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.filePermissions(EnumSet.noneOf(
                PosixFilePermission.class))).withMessageContaining("but was ---------");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.filePermissions(null))
                .withMessage("filePermissions must not be null");
    }

    @Test
    void theOptionsHoldACopyThatCannotBeChanged() {
        EnumSet<PosixFilePermission> asked = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        TetherOptions options = TetherDB.builder().filePermissions(asked).options();
        asked.add(PosixFilePermission.OTHERS_READ);
        assertThat(PosixFilePermissions.toString(options.filePermissions())).isEqualTo("rw-------");
        assertThat(options.filePermissions()).isUnmodifiable();
        assertThat(TetherOptions.defaults().filePermissions()).isEqualTo(TetherOptions.DEFAULT_FILE_PERMISSIONS);
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
