package io.tetherdb;

import static io.tetherdb.TestPasswords.FAST;
import static io.tetherdb.TestPasswords.password;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tetherdb.document.Document;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integrity tags of encrypted files (format 2): every 4 KiB sector after the 4 KiB encryption
 * header is stored with a 16-byte tag, so that a damaged or altered sector is refused as a
 * {@link CorruptStoreException} that names it, instead of being decrypted into scrambled bytes
 * that MVStore would parse. Files of the first format (no tags) still open, and a compaction,
 * backup or re-key writes them in the new one.
 */
@ExtendWith(TetherTestExtension.class)
class EncryptedFileIntegrityTests {

    /** The encryption header, in the clear. */
    private static final int HEADER = 4096;
    /** A sector and its tag. */
    private static final int STORED_SECTOR = 4096 + 16;
    /** Where the header says its format: after the 20-byte magic string. */
    private static final int FORMAT_AT = 20;

    @TempDir
    Path directory;

    private Map<String, Document> writeStore(Path file) {
        Map<String, Document> written = new TreeMap<>();
        try (TetherDB db = TetherDB.builder().path(file).encryption(password(), FAST).cleanupInterval(Duration.ZERO)
                .open()) {
            TetherCollection books = db.collection("books");
            books.createIndex(IndexDefinition.ascending("year"));
            for (int i = 0; i < 400; i++) {
                String id = String.format("b%03d", i);
                books.put(new Document().append("title", "book " + i).append("year", 1900 + i % 100)
                        .append("blurb", "a story of " + i + " chapters ".repeat(i % 7)), PutOptions.id(id));
            }
            for (Document d : books.find().toList()) {
                written.put(d.getString("_id"), d);
            }
        }
        return written;
    }

    @Test
    void aNewEncryptedFileStoresEachSectorWithItsTag() throws IOException {
        Path file = directory.resolve("tagged.db");
        writeStore(file);

        assertThat(format(file)).isEqualTo(2);
        assertThat((Files.size(file) - HEADER) % STORED_SECTOR).isZero();
    }

    @Test
    void aDamagedSectorIsRefusedByItsTagAndNeverReadAsScrambledData() throws IOException {
        Path file = directory.resolve("original.db");
        Map<String, Document> written = writeStore(file);
        long sectors = (Files.size(file) - HEADER) / STORED_SECTOR;
        assertThat(sectors).isGreaterThan(4);

        List<String> refusals = new ArrayList<>();
        int correct = 0;
        // from the third sector on: the first two are MVStore's two header copies (the next test)
        for (long sector = 2; sector < sectors; sector++) {
            Path copy = directory.resolve("damaged-" + sector + ".db");
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            // one bit in the middle of the ciphertext: XTS alone would scramble only those 16 bytes
            EncryptionTests.flipBits(copy, HEADER + sector * STORED_SECTOR + 2048, 0x10);
            try (TetherDB db = TetherDB.builder().path(copy).encryption(password(), FAST).readOnly(true).open()) {
                TetherCollection books = db.collection("books");
                Map<String, Document> read = new TreeMap<>();
                for (Document d : books.find().toList()) {
                    read.put(d.getString("_id"), d);
                }
                // with no error, everything is exactly as written: the sector held nothing in use
                assertThat(read).as("sector %d", sector).isEqualTo(written);
                assertThat(books.find(Filters.eq("year", 1942)).toList()).as("sector %d", sector).hasSize(4);
                assertThat(db.verify().isClean()).as("sector %d", sector).isTrue();
                correct++;
            } catch (CorruptStoreException e) {
                refusals.add(e.getMessage());
            }
        }

        assertThat(refusals).as("%d sectors read back intact", correct).isNotEmpty();
        assertThat(refusals).anySatisfy(message -> assertThat(message)
                .containsPattern("encrypted sector \\d+ of \\S*damaged-\\d+\\.db \\(bytes \\d+ to \\d+\\) fails its"
                        + " integrity check"));
    }

    @Test
    void aTornCopyOfMVStoresFileHeaderCostsThatCopyOnly() throws IOException {
        Path file = directory.resolve("original.db");
        Map<String, Document> written = writeStore(file);
        for (int copyOfHeader = 0; copyOfHeader < 2; copyOfHeader++) {
            Path copy = directory.resolve("torn-" + copyOfHeader + ".db");
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            // as a crash leaves a sector whose write did not finish: neither old nor new
            overwrite(copy, HEADER + (long) copyOfHeader * STORED_SECTOR, new byte[STORED_SECTOR]);
            try (TetherDB db = TetherDB.builder().path(copy).encryption(password(), FAST).open()) {
                assertThat(db.collection("books").count()).isEqualTo(written.size());
                assertThat(db.collection("books").get("b123")).contains(written.get("b123"));
            }
        }
    }

    @Test
    void aFileOfTheFirstFormatStillWorksAndACompactionWritesItWithTags() throws IOException {
        Path file = directory.resolve("format1.db");
        try (InputStream fixture = getClass().getResourceAsStream("fixtures/encrypted-format1.db")) {
            // written by TetherDB before sector tags: 50 books b00..b49, years 1950..1999, an index on year
            Files.copy(fixture, file);
        }
        assertThat(format(file)).isEqualTo(1);

        try (TetherDB db = TetherDB.builder().path(file).encryption(password(), FAST).open()) {
            TetherCollection books = db.collection("books");
            assertThat(books.count()).isEqualTo(50);
            assertThat(books.find(Filters.eq("year", 1977)).toList()).extracting(d -> d.get("_id"))
                    .containsExactly("b27");
            books.put(new Document().append("title", "book 50").append("year", 2000), PutOptions.id("b50"));
        }
        // writes keep the file's format: a file is one format throughout
        assertThat(format(file)).isEqualTo(1);
        assertThat((Files.size(file) - HEADER) % 4096).isZero();

        Path backup = directory.resolve("backup.db");
        try (TetherDB db = TetherDB.builder().path(file).encryption(password(), FAST).open()) {
            assertThat(db.collection("books").count()).isEqualTo(51);
            db.backup(backup);
        }
        assertThat(format(backup)).isEqualTo(2);

        TetherDB.compactInPlace(file, password(), CopyOptions.defaults());
        assertThat(format(file)).isEqualTo(2);
        assertThat((Files.size(file) - HEADER) % STORED_SECTOR).isZero();
        for (Path upgraded : List.of(file, backup)) {
            try (TetherDB db = TetherDB.builder().path(upgraded).encryption(password(), FAST).open()) {
                TetherCollection books = db.collection("books");
                assertThat(books.count()).isEqualTo(51);
                assertThat(books.get("b50")).hasValueSatisfying(d -> assertThat(d.get("year")).isEqualTo(2000));
                assertThat(books.find(Filters.eq("year", 1977)).toList()).hasSize(1);
                assertThat(db.verify().isClean()).isTrue();
            }
        }
    }

    private static int format(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer four = ByteBuffer.allocate(4);
            channel.read(four, FORMAT_AT);
            return four.getInt(0);
        }
    }

    private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }
}
