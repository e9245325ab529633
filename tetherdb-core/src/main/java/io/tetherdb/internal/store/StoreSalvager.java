package io.tetherdb.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import io.tetherdb.document.Document;
import io.tetherdb.document.Json;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.PasswordRequiredException;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.StoreNotEncryptedException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.error.WrongPasswordException;
import io.tetherdb.index.IndexDefinition;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.Page;
import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.h2.store.fs.FilePath;

/**
 * Reads what can still be read of a damaged store file, read-only and without the open-time checks
 * that refuse such a file: MVStore's newest readable version, then each collection's documents page
 * by page, skipping pages that cannot be read (their checksums fail, or MVStore cannot find or parse
 * them) and records that do not decode, and noting each loss. Indexes and expiry maps are not read:
 * the documents and their expiry times are all a salvage needs, the rest is rebuilt. Not
 * thread-safe; one salvager reads one file once.
 */
public final class StoreSalvager {

    /** A pages-deep bound: a damaged child position could otherwise point back up the tree. */
    private static final int MAX_DEPTH = 64;

    private final Path path;
    private final Map<String, Lost> lost = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * What a salvage read, for one collection.
     *
     * @param recovered documents handed on
     * @param unreadableRecords records that were found but did not decode
     * @param unreadablePages pages of documents that could not be read
     * @param documentsInUnreadablePages how many documents those pages held, as far as their parent
     *        pages say; -1 when not even that could be read
     */
    public record Lost(long recovered, long unreadableRecords, long unreadablePages, long documentsInUnreadablePages) {
    }

    /** Receives what a salvage reads, collection by collection. */
    public interface Sink {

        /**
         * A collection, before its documents.
         *
         * @param name the collection
         * @param indexes the indexes its metadata defines (empty if the metadata is unreadable)
         */
        void collection(String name, List<IndexDefinition> indexes);

        /**
         * A readable document.
         *
         * @param collection its collection
         * @param id its id
         * @param document the document
         * @param expiresAt its expiry in epoch millis, or {@link RecordFormat#NEVER}
         * @return null if it was kept, else why it was refused (it is then counted as unreadable)
         */
        String document(String collection, String id, Document document, long expiresAt);
    }

    private StoreSalvager(Path path) {
        this.path = path;
    }

    /**
     * The key of an encrypted damaged file, derived from its password before anything is read or
     * written, with the key derivation cost its header records (a salvaged copy is encrypted at
     * the same cost). Immutable.
     */
    public static final class Key {

        private final Path file;
        private final FileKey key;

        private Key(Path file, FileKey key) {
            this.file = file;
            this.key = key;
        }

        /** @return the Argon2id memory of the file's key, in KiB */
        public int memoryKiB() {
            return key.header().memoryKiB();
        }

        /** @return the Argon2id passes of the file's key */
        public int iterations() {
            return key.header().iterations();
        }

        /** @return the Argon2id lanes of the file's key */
        public int parallelism() {
            return key.header().parallelism();
        }

        @Override
        public String toString() {
            // never the key
            return "StoreSalvager.Key[" + file + ", " + key.header() + "]";
        }
    }

    /**
     * Decides how a damaged file is to be read, before anything is written: plain (null), or
     * encrypted with the key the password gives. Only the encryption header must be intact; the
     * sectors after it are read, and their damage reported, by the salvage.
     *
     * @param file the damaged store; not null
     * @param password its password, or null for a plain file; not kept
     * @return the file's key, or null for a plain file
     * @throws StoreNotFoundException if the file does not exist or is a directory
     * @throws StoreLockedException if the file is open in this process
     * @throws PasswordRequiredException if the file is encrypted and there is no password
     * @throws WrongPasswordException if the password does not give the file's key
     * @throws StoreNotEncryptedException if the file is plain and there is a password
     * @throws CorruptStoreException if the encryption header is damaged: without its salt no key can be derived
     */
    public static Key unlock(Path file, char[] password) {
        Path absolute = checkSalvageable(file);
        FilePath path = FilePath.get(absolute.toString());
        try {
            if (!EncryptionHeader.isEncrypted(path)) {
                if (password != null) {
                    throw new StoreNotEncryptedException(absolute);
                }
                return null;
            }
            if (password == null) {
                throw new PasswordRequiredException(absolute);
            }
            EncryptionHeader header;
            try {
                header = EncryptionHeader.read(absolute, path);
            } catch (CorruptStoreException e) {
                throw new CorruptStoreException(absolute, "nothing can be salvaged: " + e.getMessage()
                        + ", and without it no key can be derived", e);
            }
            FileKey key = FileKey.unlock(password, header);
            if (key == null) {
                throw new WrongPasswordException(absolute);
            }
            return new Key(absolute, key);
        } catch (IOException e) {
            throw new CorruptStoreException(absolute, "nothing can be salvaged: its first bytes cannot be read ("
                    + e + ")", e);
        }
    }

    private static Path checkSalvageable(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new StoreNotFoundException(absolute, "salvage",
                    Files.isDirectory(absolute) ? "it is a directory" : "the file does not exist");
        }
        if (StoreOpener.isOpen(absolute)) {
            throw new StoreLockedException(absolute, null);
        }
        return absolute;
    }

    /**
     * Reads a damaged store file and hands every readable document to the sink.
     *
     * @param file the damaged store; not null, not open
     * @param key the file's key from {@link #unlock}, or null for a plain file
     * @param sink receives collections and documents
     * @param progress receives (documents read, documents the file claims to hold) now and then
     * @return per collection, what was recovered and lost, and the problems found, in a result
     * @throws StoreLockedException if the file is open, here or in another process
     * @throws StoreNotFoundException if the file does not exist or is a directory
     * @throws PasswordRequiredException if the file is encrypted and there is no key
     * @throws CorruptStoreException if MVStore cannot open the file at all (its headers are unreadable)
     */
    public static Result salvage(Path file, Key key, Sink sink, BiConsumer<Long, Long> progress) {
        Path absolute = checkSalvageable(file);
        String fileName = absolute.toString();
        String keyToken = null;
        if (key == null) {
            refuseEncrypted(absolute);
        } else {
            if (!key.file.equals(absolute)) {
                throw new IllegalArgumentException("the key is " + key.file + "'s, not " + absolute + "'s");
            }
            try {
                long stored = Files.size(absolute);
                if (EncryptedFileChannel.visibleSize(stored, key.key.header().tagged()) == 0) {
                    throw new CorruptStoreException(absolute, "nothing can be salvaged: the file is cut off at "
                            + stored + " bytes, before the end of its first encrypted sector", null);
                }
            } catch (IOException e) {
                throw new CorruptStoreException(absolute, "nothing can be salvaged: its size cannot be read ("
                        + e + ")", e);
            }
            // MVStore reads the sectors after the header through the key, as an open does
            keyToken = EncryptedFilePath.register(key.key.sectors());
            fileName = EncryptedFilePath.wrap(fileName, keyToken);
        }
        try {
            return salvageFrom(absolute, fileName, sink, progress);
        } finally {
            EncryptedFilePath.unregister(keyToken);
        }
    }

    private static Result salvageFrom(Path absolute, String fileName, Sink sink, BiConsumer<Long, Long> progress) {
        MVStore store;
        // the file store is ours to close when MVStore's open fails: MVStore leaves it open (and the
        // file locked) when the failure is not one of its own exceptions
        SingleFileStore fileStore = new SingleFileStore(new HashMap<>());
        try {
            fileStore.open(fileName, true, (char[]) null);
            store = new MVStore.Builder().adoptFileStore(fileStore).readOnly().open();
        } catch (MVStoreException e) {
            closeQuietly(fileStore);
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreLockedException(absolute, e);
            }
            throw new CorruptStoreException(absolute, "nothing can be salvaged: MVStore cannot open the file ("
                    + e.getMessage() + ")", e);
        } catch (RuntimeException | AssertionError e) {
            closeQuietly(fileStore);
            throw new CorruptStoreException(absolute, "nothing can be salvaged: MVStore cannot open the file ("
                    + e + ")", e);
        }
        try {
            StoreSalvager salvager = new StoreSalvager(absolute);
            salvager.read(store, sink, progress);
            return new Result(salvager.lost, salvager.problems);
        } finally {
            StoreOpener.closeQuietly(store);
            closeQuietly(fileStore);
        }
    }

    /** An encrypted file read without its key would look like nothing but damage. */
    private static void refuseEncrypted(Path file) {
        boolean encrypted;
        try {
            encrypted = EncryptionHeader.isEncrypted(FilePath.get(file.toString()));
        } catch (IOException e) {
            // MVStore's own open reports the file it cannot read
            return;
        }
        if (encrypted) {
            throw new PasswordRequiredException(file);
        }
    }

    private static void closeQuietly(SingleFileStore fileStore) {
        try {
            fileStore.close();
        } catch (RuntimeException ignored) {
            // closing after a failure; the failure is the one to report
        }
    }

    /**
     * What a salvage found.
     *
     * @param collections per collection, what was recovered and lost
     * @param problems what could not be read, in words
     */
    public record Result(Map<String, Lost> collections, List<String> problems) {
    }

    private void read(MVStore store, Sink sink, BiConsumer<Long, Long> progress) {
        long recorded = headerVersion(store);
        long current = store.getCurrentVersion();
        if (recorded > current) {
            problems.add("the newest commits are unreadable: the header records version " + recorded
                    + ", the newest readable one is " + current + "; writes after it are lost");
        }
        Set<String> mapNames = new TreeSet<>();
        try {
            mapNames.addAll(store.getMapNames());
        } catch (RuntimeException | AssertionError e) {
            problems.add("the list of maps is unreadable (" + e + ")");
        }
        boolean checked = !mapNames.contains(Catalog.LEGACY_META_MAP);
        BasicDataType<String> strings = checked ? CheckedDataType.STRING : StringDataType.INSTANCE;
        BasicDataType<byte[]> bytes = checked ? CheckedDataType.BYTES : ByteArrayDataType.INSTANCE;
        Map<String, List<IndexDefinition>> collections = readCatalog(store, mapNames,
                checked ? Catalog.META_MAP : Catalog.LEGACY_META_MAP, strings);
        long total = 0;
        Map<String, MVMap<String, byte[]>> documentMaps = new LinkedHashMap<>();
        for (String name : collections.keySet()) {
            String mapName = Catalog.DOCUMENTS_PREFIX + name;
            if (!mapNames.contains(mapName)) {
                problems.add("collection '" + name + "': its documents map is missing");
                lost.put(name, new Lost(0, 0, 0, -1));
                continue;
            }
            try {
                MVMap<String, byte[]> map = store.openMap(mapName, new MVMap.Builder<String, byte[]>()
                        .keyType(strings).valueType(bytes));
                total += map.getRootPage().getTotalCount();
                documentMaps.put(name, map);
            } catch (RuntimeException | AssertionError e) {
                problems.add("collection '" + name + "': its documents are unreadable (" + e + ")");
                lost.put(name, new Lost(0, 0, 1, -1));
            }
        }
        long[] read = {0};
        long all = total;
        progress.accept(0L, all);
        long now = System.currentTimeMillis();
        for (Map.Entry<String, MVMap<String, byte[]>> entry : documentMaps.entrySet()) {
            String name = entry.getKey();
            sink.collection(name, collections.get(name));
            long[] counts = new long[4];
            walk(entry.getValue().getRootPage(), 0, new HashSet<>(), counts, (id, record) -> {
                read[0]++;
                if (read[0] % 1000 == 0) {
                    progress.accept(read[0], Math.max(read[0], all));
                }
                Document document;
                long expiresAt;
                try {
                    document = RecordFormat.decode(record);
                    expiresAt = RecordFormat.expiresAt(record);
                } catch (RuntimeException | AssertionError e) {
                    counts[1]++;
                    note("collection '" + name + "': document '" + id + "' does not decode (" + e.getMessage() + ")");
                    return;
                }
                if (expiresAt <= now) {
                    // expired documents are never read back: there is nothing to salvage
                    return;
                }
                String refused = sink.document(name, id, document, expiresAt);
                if (refused == null) {
                    counts[0]++;
                } else {
                    counts[1]++;
                    note("collection '" + name + "': document '" + id + "' cannot be written (" + refused + ")");
                }
            }, name);
            lost.put(name, new Lost(counts[0], counts[1], counts[2], counts[3]));
        }
        progress.accept(read[0], Math.max(read[0], total));
    }

    /** The collections and their indexes, from the metadata map, or from the map names if it is unreadable. */
    private Map<String, List<IndexDefinition>> readCatalog(MVStore store, Set<String> mapNames, String metaName,
            BasicDataType<String> strings) {
        Map<String, List<IndexDefinition>> collections = new TreeMap<>();
        Map<String, String> meta = new TreeMap<>();
        if (mapNames.contains(metaName)) {
            try {
                MVMap<String, String> map = store.openMap(metaName, new MVMap.Builder<String, String>()
                        .keyType(strings).valueType(strings));
                long[] counts = new long[4];
                walk(map.getRootPage(), 0, new HashSet<>(), counts, meta::put, "the metadata");
            } catch (RuntimeException | AssertionError e) {
                problems.add("the metadata is unreadable (" + e + "); collections are taken from the map names"
                        + " and their indexes are lost");
            }
        } else {
            problems.add("the metadata map " + metaName + " is missing; collections are taken from the map names");
        }
        for (String key : meta.keySet()) {
            if (key.startsWith("collection:")) {
                collections.put(key.substring("collection:".length()), new ArrayList<>());
            }
        }
        for (String mapName : mapNames) {
            if (mapName.startsWith(Catalog.DOCUMENTS_PREFIX)) {
                String name = mapName.substring(Catalog.DOCUMENTS_PREFIX.length());
                if (collections.putIfAbsent(name, new ArrayList<>()) == null && !meta.isEmpty()) {
                    problems.add("collection '" + name + "' has documents but no metadata entry");
                }
            }
        }
        for (Map.Entry<String, String> entry : meta.entrySet()) {
            String key = entry.getKey();
            int separator = key.indexOf('\0');
            if (!key.startsWith("index:") || separator < 0) {
                continue;
            }
            String collection = key.substring("index:".length(), separator);
            try {
                Document info = Json.parseDocument(entry.getValue());
                IndexDefinition definition = IndexDefinition.fromDocument(info.getDocument("definition"));
                if (collections.containsKey(collection)) {
                    collections.get(collection).add(definition);
                }
            } catch (RuntimeException e) {
                problems.add("collection '" + collection + "': the definition of index '"
                        + key.substring(separator + 1) + "' is unreadable (" + e.getMessage() + ")");
            }
        }
        return collections;
    }

    /** A visitor of the entries of readable pages. */
    private interface Entries<K, V> {
        void accept(K key, V value);
    }

    /**
     * Visits every entry of every readable page under {@code page}; counts[2] gains one per
     * unreadable page, counts[3] the entries its parent says it held (-1 once that is unknown).
     */
    private <K, V> void walk(Page<K, V> page, int depth, Set<Long> visited, long[] counts, Entries<K, V> entries,
            String owner) {
        if (page.getPos() != 0 && !visited.add(page.getPos())) {
            counts[2]++;
            note(owner + ": a damaged page refers to a page seen already");
            return;
        }
        if (page.isLeaf()) {
            int keys = page.getKeyCount();
            for (int i = 0; i < keys; i++) {
                K key;
                V value;
                try {
                    key = page.getKey(i);
                    value = page.getValue(i);
                } catch (RuntimeException | AssertionError e) {
                    counts[1]++;
                    continue;
                }
                entries.accept(key, value);
            }
            return;
        }
        int children = page.getRawChildPageCount();
        long readableEntries = 0;
        int unreadable = 0;
        for (int i = 0; i < children; i++) {
            Page<K, V> child;
            try {
                if (depth >= MAX_DEPTH) {
                    throw new IllegalStateException("the tree is deeper than " + MAX_DEPTH + " pages");
                }
                child = page.getChildPage(i);
                readableEntries += child.getTotalCount();
            } catch (RuntimeException | AssertionError e) {
                unreadable++;
                counts[2]++;
                note(owner + ": a page is unreadable (" + e.getMessage() + ")");
                continue;
            }
            walk(child, depth + 1, visited, counts, entries, owner);
        }
        if (unreadable > 0 && counts[3] >= 0) {
            long missing = page.getTotalCount() - readableEntries;
            counts[3] = missing >= 0 ? counts[3] + missing : -1;
        }
    }

    /** Keeps the problem list to a readable length; the counts say the rest. */
    private void note(String problem) {
        if (problems.size() < 100) {
            problems.add(problem);
        } else if (problems.size() == 100) {
            problems.add("(more problems not listed)");
        }
    }

    private static long headerVersion(MVStore store) {
        try {
            return DataUtils.readHexLong(store.getStoreHeader(), "version", 0);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "StoreSalvager[" + path + "]";
    }
}
