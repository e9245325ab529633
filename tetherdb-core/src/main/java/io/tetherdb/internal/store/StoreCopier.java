package io.tetherdb.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.tetherdb.error.TargetExistsException;
import io.tetherdb.error.TargetFileException;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RootReference;
import org.h2.store.fs.FilePath;

/**
 * Writes a captured snapshot of a store's maps into a new store file, entry by entry, so that the
 * copy holds only live data (which is what makes it a compaction too), and puts finished files into
 * place with an atomic rename: a reader of the target path sees the old file or the complete new
 * one, never a part. Stateless; thread-safe.
 *
 * <p>The copy keeps every map's name and key and value types, so it is the same store: same
 * format version, collections, indexes (with their metadata) and expiry entries.
 */
final class StoreCopier {

    /** Suffix of the file an in-place compaction writes before it renames it over the store file. */
    static final String COMPACT_SUFFIX = ".compact-tmp";
    /** Suffix of the temporary file a backup writes beside its target. */
    static final String BACKUP_SUFFIX = ".backup-tmp";
    /** Unsaved page memory of the copy after which it commits, so a large copy needs bounded memory. */
    private static final long COMMIT_EVERY_BYTES = 8L * 1024 * 1024;
    /** Entries between two progress reports. */
    private static final int PROGRESS_EVERY = 1_000;

    private StoreCopier() {
    }

    /**
     * One map of a snapshot: its name and types, and its root as of the snapshot.
     *
     * @param name the map name
     * @param map the live map, for its types and its page reads
     * @param root the root captured at the snapshot
     */
    record CapturedMap(String name, MVMap<Object, Object> map, RootReference<Object, Object> root) {

        @SuppressWarnings("unchecked")
        static CapturedMap of(MVMap<?, ?> map) {
            MVMap<Object, Object> any = (MVMap<Object, Object>) map;
            return new CapturedMap(map.getName(), any, any.flushAndGetRoot());
        }

        long entries() {
            return root.root.getTotalCount();
        }

        /**
         * @return whether a copy leaves this entry out: the metadata's log generation, since the copy
         *         holds every write the source's log does, and no log that lies beside it later (the
         *         source's own, if the copy is moved over it, or the old one after compactInPlace) is its
         */
        boolean leavesOut(Object key) {
            return isMeta() && RedoLog.GENERATION_KEY.equals(key);
        }

        /** @return the entries a copy writes: all but the one it leaves out, if the map holds it */
        long copiedEntries() {
            if (isMeta()) {
                Cursor<Object, Object> from = map.cursor(root, RedoLog.GENERATION_KEY, null, false);
                if (from.hasNext() && RedoLog.GENERATION_KEY.equals(from.next())) {
                    return entries() - 1;
                }
            }
            return entries();
        }

        private boolean isMeta() {
            return name.equals(Catalog.META_MAP) || name.equals(Catalog.LEGACY_META_MAP);
        }
    }

    /** What a copy wrote. */
    record Written(long entries, long documents, long bytes) {
    }

    /**
     * Under the write lock: captures the roots of every map the catalog names, the metadata first.
     * Maps of index builds that a crash interrupted are left out.
     */
    static List<CapturedMap> capture(Catalog catalog) {
        List<CapturedMap> maps = new ArrayList<>();
        maps.add(CapturedMap.of(catalog.meta()));
        if (catalog.changeHistory() != null) {
            maps.add(CapturedMap.of(catalog.changeHistory()));
        }
        for (String name : catalog.collectionNames()) {
            CollectionStore collection = catalog.collection(name);
            maps.add(CapturedMap.of(collection.documents()));
            maps.add(CapturedMap.of(collection.expiry()));
            for (IndexMap index : collection.indexes()) {
                maps.add(CapturedMap.of(index.map));
            }
        }
        return maps;
    }

    /**
     * Checks a target path before anything is written.
     *
     * @param target the absolute, normalized target
     * @param source the store's own file, or null
     * @param overwrite whether an existing target may be replaced
     */
    static void checkTarget(Path target, Path source, boolean overwrite) {
        if (target.equals(source)) {
            throw new TargetFileException(target, "it is the store's own file", null);
        }
        if (Files.isDirectory(target)) {
            throw new TargetFileException(target, "it is a directory", null);
        }
        if (Files.exists(target) && !overwrite) {
            throw new TargetExistsException(target);
        }
        if (StoreOpener.isOpen(target)) {
            throw new TargetFileException(target, "it is open as a TetherDB store in this JVM", null);
        }
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new TargetFileException(target, "its directory " + parent + " does not exist", null);
        }
        if (!Files.isWritable(parent)) {
            throw new TargetFileException(target, "its directory " + parent + " is not writable", null);
        }
    }

    /** @return a new, empty temporary file beside the target */
    static Path tempBeside(Path target) {
        try {
            return Files.createTempFile(target.getParent(), target.getFileName() + ".", BACKUP_SUFFIX);
        } catch (IOException e) {
            throw new TargetFileException(target, "a temporary file cannot be created beside it (" + e + ")", e);
        }
    }

    /**
     * Writes the captured maps into a new store at {@code file}, which must be empty or missing,
     * commits, forces it to the disk and closes it. On failure the file is deleted.
     *
     * @param maps the snapshot
     * @param file where to write
     * @param target the path to name in errors
     * @param pageSize the page split size
     * @param fileKey the key to encrypt the copy with (its header is written first, in the current
     *        format: a copy of a file of the first format has sector tags), or null for a plain copy
     * @param progress receives (entries copied, entries in all); not null
     * @return what was written
     */
    static Written write(List<CapturedMap> maps, Path file, Path target, int pageSize, FileKey fileKey,
            BiConsumer<Long, Long> progress) {
        long total = 0;
        long documents = 0;
        for (CapturedMap map : maps) {
            total += map.copiedEntries();
            if (map.name().startsWith(Catalog.DOCUMENTS_PREFIX)) {
                documents += map.entries();
            }
        }
        progress.accept(0L, total);
        MVStore copy = null;
        String keyToken = null;
        try {
            Files.deleteIfExists(file);
            String fileName = file.toString();
            if (fileKey != null) {
                FileKey current = fileKey.inCurrentFormat();
                current.header().writeTo(FilePath.get(fileName));
                keyToken = EncryptedFilePath.register(current.sectors());
                fileName = EncryptedFilePath.wrap(fileName, keyToken);
            }
            copy = new MVStore.Builder()
                    .fileName(fileName)
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0)
                    .pageSplitSize(pageSize)
                    .open();
            long copied = 0;
            for (CapturedMap map : maps) {
                MVMap<Object, Object> out = copy.openMap(map.name(), new MVMap.Builder<Object, Object>()
                        .keyType(map.map().getKeyType()).valueType(map.map().getValueType()));
                // reads of the source may fail with damage, which the caller reports; writes of the
                // copy fail only because of the target
                Cursor<Object, Object> cursor = map.map().cursor(map.root(), null, null, false);
                while (cursor.hasNext()) {
                    Object key = cursor.next();
                    Object value = cursor.getValue();
                    if (map.leavesOut(key)) {
                        continue;
                    }
                    try {
                        out.put(key, value);
                        copied++;
                        if (copied % PROGRESS_EVERY == 0 && copy.getUnsavedMemory() > COMMIT_EVERY_BYTES) {
                            copy.commit();
                        }
                    } catch (RuntimeException e) {
                        throw new TargetFileException(target, "writing " + file + " failed (" + e + ")", e);
                    }
                    if (copied % PROGRESS_EVERY == 0) {
                        progress.accept(copied, total);
                    }
                }
            }
            try {
                copy.commit();
                copy.sync();
                copy.close();
            } catch (RuntimeException e) {
                throw new TargetFileException(target, "writing " + file + " failed (" + e + ")", e);
            }
            copy = null;
            forceToDisk(file, false);
            progress.accept(copied, total);
            return new Written(copied, documents, Files.size(file));
        } catch (IOException e) {
            throw new TargetFileException(target, "writing " + file + " failed (" + e + ")", e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(file);
            throw e;
        } finally {
            if (copy != null) {
                StoreOpener.closeQuietly(copy);
                deleteQuietly(file);
            }
            EncryptedFilePath.unregister(keyToken);
        }
    }

    /**
     * Moves a finished file to its target atomically. Without {@code overwrite} the move goes through a
     * hard link, which fails if the target appeared meanwhile; where links are not supported, the
     * target is checked just before the move. The directory is forced to the disk afterwards, so
     * the rename survives a power loss.
     */
    static void moveIntoPlace(Path finished, Path target, boolean overwrite) {
        try {
            if (overwrite) {
                moveAtomically(finished, target);
            } else {
                try {
                    Files.createLink(target, finished);
                    Files.delete(finished);
                } catch (FileAlreadyExistsException e) {
                    throw new TargetExistsException(target);
                } catch (UnsupportedOperationException | IOException e) {
                    if (Files.exists(target)) {
                        throw new TargetExistsException(target);
                    }
                    moveAtomically(finished, target);
                }
            }
            forceToDisk(target.getParent(), true);
        } catch (IOException e) {
            throw new TargetFileException(target, "moving " + finished + " into place failed (" + e + ")", e);
        } finally {
            deleteQuietly(finished);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + from + " to " + to + " atomically", e);
        }
    }

    /** Forces a file, or a directory's entries where the platform allows it, to the disk. */
    private static void forceToDisk(Path path, boolean directory) throws IOException {
        try (FileChannel channel = FileChannel.open(path, directory ? StandardOpenOption.READ
                : StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            if (!directory) {
                throw e;
            }
            // some platforms cannot open or force a directory; the rename itself has happened
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file; the caller's error, if any, is the one to report
        }
    }
}
