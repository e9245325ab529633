package io.tetherdb;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.tetherdb.error.StoreNotWritableException;
import io.tetherdb.internal.store.FaultyDisk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening for writing refuses a file it could not write, instead of letting MVStore open it
 * read-only and lose the acknowledged writes at the first commit. The tests run as root in CI,
 * which the operating system lets write a {@code r--r--r--} file: the permission cases therefore
 * check the refusal that does not depend on who runs, and {@link FaultyDisk#reportNotWritable()}
 * reproduces what MVStore itself sees when the file system says no.
 */
@ExtendWith(TetherTestExtension.class)
class StoreNotWritableTests {

    @TempDir
    Path directory;

    @BeforeEach
    void posixFileSystem() {
        assumeTrue(Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null,
                "permission bits need a POSIX file system");
    }

    @Test
    void aReadOnlyFileIsRefusedWithTheReasonAndLeftUntouched() throws IOException {
        Path file = storeWithOneDocument("protected.db");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        FileState before = FileState.of(file);

        assertThatExceptionOfType(StoreNotWritableException.class)
                .isThrownBy(() -> TetherDB.open(file))
                .withMessage("cannot open " + file + " for writing: the file is read-only (permissions r--r--r--);"
                        + " open it with readOnly(true) to read it")
                .satisfies(e -> {
                    assertThat(e.path()).isEqualTo(file);
                    assertThat(e.reason()).isEqualTo("the file is read-only (permissions r--r--r--)");
                });

        assertThat(FileState.of(file)).isEqualTo(before);
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            assertThat(db.count()).isEqualTo(1);
        }
        // the refused open released the file: once writable again, it opens
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (TetherDB db = TetherDB.open(file)) {
            db.put(json("{n: 2}"));
            assertThat(db.count()).isEqualTo(2);
        }
    }

    @Test
    void aNewFileInAReadOnlyDirectoryIsRefusedAndNotCreated() throws IOException {
        Path locked = Files.createDirectory(directory.resolve("locked"));
        Path file = locked.resolve("new.db");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatExceptionOfType(StoreNotWritableException.class)
                    .isThrownBy(() -> TetherDB.open(file))
                    .withMessage("cannot open " + file + " for writing: the file does not exist and the directory "
                            + locked + " is read-only (permissions r-xr-xr-x)");
            assertThat(file).doesNotExist();

            Path nested = locked.resolve("a/b/new.db");
            assertThatExceptionOfType(StoreNotWritableException.class)
                    .isThrownBy(() -> TetherDB.open(nested))
                    .withMessageContaining("the directory " + locked + " is read-only");
            assertThat(locked.resolve("a")).doesNotExist();
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aDirectoryIsRefused() {
        Path file = directory;
        assertThatExceptionOfType(StoreNotWritableException.class)
                .isThrownBy(() -> TetherDB.open(file))
                .withMessage("cannot open " + file + " for writing: it is a directory");
    }

    @Test
    void aParentThatIsAFileIsRefusedAndNothingIsCreated() throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("notes.txt"), "text");
        assertThatExceptionOfType(StoreNotWritableException.class)
                .isThrownBy(() -> TetherDB.open(notADirectory.resolve("store.db")))
                .withMessage("cannot open " + notADirectory.resolve("store.db") + " for writing: " + notADirectory
                        + " is not a directory");
        assertThatExceptionOfType(StoreNotWritableException.class)
                .isThrownBy(() -> TetherDB.open(notADirectory.resolve("a/b/store.db")))
                .withMessageContaining(notADirectory + " is not a directory");
        assertThat(Files.readString(notADirectory)).isEqualTo("text");
    }

    @Test
    void missingDirectoriesAreStillCreated() {
        Path file = directory.resolve("a/b/c/store.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(json("{n: 1}"));
        }
        assertThat(file).isRegularFile();
    }

    @Test
    void aFileTheFileSystemWillNotLetUsWriteIsRefusedBeforeMVStoreReadsIt() throws IOException {
        // MVStore opens such a file read-only on its own; the store would take writes and lose them
        Path file = storeWithOneDocument("mounted.db");
        FileState before = FileState.of(file);
        try (FaultyDisk disk = FaultyDisk.create()) {
            disk.reportNotWritable();

            assertThatExceptionOfType(StoreNotWritableException.class)
                    .isThrownBy(() -> TetherDB.open(options(file, false), disk.opener()))
                    .withMessage("cannot open " + file + " for writing: the file system does not let this process"
                            + " write the file; open it with readOnly(true) to read it");

            assertThat(disk.writes()).isZero();
            assertThat(disk.forces()).isZero();
            try (TetherDB db = TetherDB.open(options(file, true), disk.opener())) {
                assertThat(db.count()).isEqualTo(1);
            }
            assertThat(disk.writes()).isZero();
        }
        assertThat(FileState.of(file)).isEqualTo(before);
    }

    @Test
    void aNewFileTheFileSystemWillNotLetUsWriteIsRefusedAndRemoved() {
        Path file = directory.resolve("new-on-mount.db");
        try (FaultyDisk disk = FaultyDisk.create()) {
            disk.reportNotWritable();
            assertThatExceptionOfType(StoreNotWritableException.class)
                    .isThrownBy(() -> TetherDB.open(options(file, false), disk.opener()))
                    .withMessageContaining("the file system does not let this process write the file");
            assertThat(disk.writes()).isZero();
        }
        assertThat(file).doesNotExist();
    }

    private Path storeWithOneDocument(String name) {
        Path file = directory.resolve(name);
        try (TetherDB db = TetherDB.open(file)) {
            db.put(json("{n: 1}"));
        }
        return file;
    }

    private static TetherOptions options(Path file, boolean readOnly) {
        return TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).readOnly(readOnly).options();
    }

    /** What a refused open must leave as it was. */
    private record FileState(String content, FileTime modified, String permissions) {
        static FileState of(Path file) throws IOException {
            return new FileState(java.util.HexFormat.of().formatHex(Files.readAllBytes(file)),
                    Files.getLastModifiedTime(file),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }
}
