package io.tetherdb.spring.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tetherdb.CopyResult;
import io.tetherdb.TetherDB;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Takes backups of named stores into one directory through {@link TetherDB#backup(Path)}, as
 * {@code NAME-yyyyMMdd'T'HHmmss.SSS'Z'.db} (UTC, so names sort by time), and after each backup
 * deletes all but the newest {@code keep} backups of that store. Stores are backed up while the
 * application goes on writing to them: each backup is a consistent snapshot.
 *
 * <p>Thread-safe: backups are taken one at a time.
 *
 * @since 0.2
 */
public class TetherDbBackups {

    private static final Log logger = LogFactory.getLog(TetherDbBackups.class);

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    private final Map<String, TetherDB> stores;

    private final Path directory;

    private final int keep;

    private final Clock clock;

    private final Object monitor = new Object();

    /**
     * @param stores the stores by bean name; not null
     * @param directory where backups go; not null, created if missing
     * @param keep how many of each store's newest backups to keep; at least 1
     * @param clock the clock that names the backups; not null
     */
    public TetherDbBackups(Map<String, TetherDB> stores, Path directory, int keep, Clock clock) {
        this.stores = new LinkedHashMap<>(Objects.requireNonNull(stores, "stores must not be null"));
        this.directory = Objects.requireNonNull(directory, "directory must not be null").toAbsolutePath().normalize();
        if (keep < 1) {
            throw new IllegalArgumentException("tetherdb.backup.keep must be at least 1 but was " + keep);
        }
        this.keep = keep;
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** @return the directory backups go to */
    public Path getDirectory() {
        return this.directory;
    }

    /** @return how many of each store's newest backups are kept */
    public int getKeep() {
        return this.keep;
    }

    /** @return the names of the stores backed up */
    public List<String> getStoreNames() {
        return List.copyOf(this.stores.keySet());
    }

    /**
     * Backs up every store, one after the other.
     *
     * @return what each backup wrote, by store name
     */
    public Map<String, CopyResult> backupAll() {
        Map<String, CopyResult> results = new LinkedHashMap<>();
        for (String name : this.stores.keySet()) {
            results.put(name, backup(name));
        }
        return results;
    }

    /**
     * Backs up one store and deletes its backups beyond the newest {@code keep}.
     *
     * @param name the store's bean name
     * @return what the backup wrote
     * @throws IllegalArgumentException if there is no store of that name
     * @throws io.tetherdb.error.TetherException if the backup fails; nothing is left of it
     */
    public CopyResult backup(String name) {
        TetherDB db = this.stores.get(name);
        if (db == null) {
            throw new IllegalArgumentException("No TetherDB store named '" + name + "'; the stores are "
                    + this.stores.keySet());
        }
        synchronized (this.monitor) {
            try {
                Files.createDirectories(this.directory);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Cannot create the backup directory " + this.directory, ex);
            }
            Instant at = this.clock.instant();
            Path target = this.directory.resolve(name + "-" + TIMESTAMP.format(at) + ".db");
            while (Files.exists(target)) {
                // two backups within a millisecond: the later one is named a millisecond on, so
                // names stay unique and in order
                at = at.plusMillis(1);
                target = this.directory.resolve(name + "-" + TIMESTAMP.format(at) + ".db");
            }
            CopyResult result = db.backup(target);
            logger.info("Backed up " + db + " to " + result.file() + " (" + result.documents() + " documents, "
                    + result.bytes() + " bytes)");
            prune(name);
            return result;
        }
    }

    /**
     * @param name the store's bean name
     * @return its backups in the directory, newest first
     */
    public List<Path> listBackups(String name) {
        Pattern pattern = Pattern.compile(Pattern.quote(name) + "-\\d{8}T\\d{6}\\.\\d{3}Z\\.db");
        if (!Files.isDirectory(this.directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(this.directory)) {
            return files.filter((file) -> pattern.matcher(file.getFileName().toString()).matches())
                .sorted(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed())
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot list the backup directory " + this.directory, ex);
        }
    }

    private void prune(String name) {
        List<Path> backups = new ArrayList<>(listBackups(name));
        for (Path old : backups.subList(Math.min(this.keep, backups.size()), backups.size())) {
            try {
                Files.deleteIfExists(old);
            }
            catch (IOException ex) {
                logger.warn("Cannot delete the old backup " + old, ex);
            }
        }
    }

}
