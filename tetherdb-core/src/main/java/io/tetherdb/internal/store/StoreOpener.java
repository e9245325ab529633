package io.tetherdb.internal.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.PasswordRequiredException;
import io.tetherdb.error.StoreNotEncryptedException;
import io.tetherdb.error.WrongPasswordException;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.StoreNotWritableException;
import io.tetherdb.error.TetherException;
import io.tetherdb.internal.index.IndexKeyEncoder;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.store.fs.FilePath;

/**
 * Opens store files: claims the file within this JVM, checks that it can be read (and written,
 * unless read-only), opens MVStore over it with TetherDB's settings, and checks the file's format
 * before anything else reads it. Every failure releases what the open took and is reported as the
 * typed exception that says why. Stateless apart from the JVM-wide set of open files; thread-safe.
 */
final class StoreOpener {

    /**
     * Version of TetherDB's file layout, kept in the metadata map. Format 2 writes every map's
     * pages with checksums ({@link CheckedDataType}) and names its metadata map
     * {@value Catalog#META_MAP}; format 1 files, whose metadata map is {@value Catalog#LEGACY_META_MAP},
     * are still read and written in format 1, without checksums, so that they stay readable by the
     * versions that wrote them. Format 3 is format 2 with decimal values in documents and the
     * number keys of {@link IndexKeyEncoder#KEY_FORMAT} 2 in indexes: a format 2 file becomes
     * format 3 when it opens, its indexes rebuilt, so that the versions that read format 2 refuse
     * it rather than misread its indexes and decimals.
     */
    static final int FORMAT_VERSION = 3;
    /** Format of files with checksums before decimals. */
    static final int CHECKED_FORMAT_VERSION = 2;
    /**
     * How long MVStore keeps a chunk that no longer holds live data before reusing its space.
     * MVStore's default (45 s) assumes the disk flushes its buffers within that time; TetherDB
     * instead syncs at least every {@value Committer#SYNC_EVERY_MILLIS} ms while it commits, so a
     * chunk is only overwritten after the commits that replaced it are on the disk. A shorter
     * retention keeps the file from growing by 45 seconds' worth of commits under heavy writes.
     */
    private static final int RETENTION_MILLIS = 2_000;
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

    private StoreOpener() {
    }

    /** See {@link StoreEngine#open(StoreSettings, Function)}. */
    static StoreEngine open(StoreSettings options, Function<Path, String> fileNames) {
        Path path = options.path() == null ? null : options.path().toAbsolutePath().normalize();
        if (path != null && !OPEN_FILES.add(path)) {
            throw new StoreLockedException(path, null);
        }
        MVStore store = null;
        boolean created = false;
        FileKey key = null;
        String keyToken = null;
        OrderedFileStore opened = null;
        String logName = null;
        try {
            if (path != null && options.readOnly()) {
                StoreFileAccess.checkReadable(path);
            } else if (path != null) {
                StoreFileAccess.checkWritable(path);
                created = StoreFileAccess.createIfMissing(path, options.filePermissions());
            }
            int cacheMegabytes = (int) Math.min(Integer.MAX_VALUE, options.cacheSize() / (1024 * 1024));
            MVStore.Builder builder = new MVStore.Builder()
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0)
                    .cacheSize(cacheMegabytes)
                    .pageSplitSize(options.pageSize());
            if (path != null) {
                // the file store reads its cache and page settings from its own configuration
                OrderedFileStore fileStore = new OrderedFileStore(new HashMap<>(Map.of(
                        "cacheSize", cacheMegabytes, "pageSplitSize", options.pageSize())));
                // through a channel that survives interrupts of the calling threads (see InterruptSafeFileChannel)
                String baseName = fileNames.apply(path);
                // the log encrypts itself (see RedoLog): it goes through the interrupt-safe layer only
                logName = InterruptSafeFilePath.wrap(RedoLog.fileName(baseName));
                if (!options.readOnly()) {
                    refuseWhatMVStoreWouldOpenReadOnly(path, baseName);
                }
                key = unlock(path, baseName, options.encryption(), options.readOnly());
                if (key != null) {
                    keyToken = EncryptedFilePath.register(key.sectors());
                    baseName = EncryptedFilePath.wrap(baseName, keyToken);
                }
                String fileName = InterruptSafeFilePath.wrap(baseName);
                fileStore.open(fileName, options.readOnly(), (char[]) null);
                opened = fileStore;
                builder.adoptFileStore(fileStore);
            }
            store = builder.open();
            if (path != null && !options.readOnly() && store.isReadOnly()) {
                // in case a later MVStore finds another reason to open a file read-only on its own
                throw new StoreNotWritableException(path, "MVStore opened the file read-only", true, null);
            }
            if (path != null) {
                checkNewestVersionRead(path, store);
                if (!options.readOnly()) {
                    store.setRetentionTime(RETENTION_MILLIS);
                    // the lock is ours: a compaction's temporary file is left from one that did not
                    // finish (it renames the file over the store while holding the lock)
                    StoreCopier.deleteQuietly(Path.of(path + StoreCopier.COMPACT_SUFFIX));
                }
            }
            return StoreEngine.start(options, path, store, key, keyToken, logName);
        } catch (MVStoreException e) {
            closeQuietly(store, opened);
            releaseFile(path);
            EncryptedFilePath.unregister(keyToken);
            if (created) {
                StoreFileAccess.deleteCreated(path);
            }
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreLockedException(path, e);
            }
            IOException ioFailure = ioFailure(e);
            if (ioFailure != null) {
                // the operating system refused to open, read or write the file: nothing says its content is bad
                throw new TetherException("TetherDB file " + path + " cannot be opened: " + e.getMessage()
                        + " (" + ioFailure + ")", e);
            }
            throw new CorruptStoreException(path, corruption(e), e);
        } catch (RuntimeException e) {
            closeQuietly(store, opened);
            releaseFile(path);
            EncryptedFilePath.unregister(keyToken);
            if (created) {
                StoreFileAccess.deleteCreated(path);
            }
            if (e instanceof TetherException) {
                throw e;
            }
            // the options were checked before: anything else that fails while the file's header,
            // maps and metadata are read means the file cannot be read
            throw new CorruptStoreException(path, "opening failed with " + e, e);
        } catch (AssertionError e) {
            // with assertions on, MVStore checks its own structures while it reads the file
            closeQuietly(store, opened);
            releaseFile(path);
            EncryptedFilePath.unregister(keyToken);
            if (created) {
                StoreFileAccess.deleteCreated(path);
            }
            throw new CorruptStoreException(path, "MVStore's consistency check failed: " + e, e);
        } catch (Error e) {
            closeQuietly(store, opened);
            releaseFile(path);
            EncryptedFilePath.unregister(keyToken);
            if (created) {
                StoreFileAccess.deleteCreated(path);
            }
            throw e;
        }
    }

    /**
     * Checks the format version the metadata records, or records the current one in a new store.
     * Runs before the catalog reads anything else of the file.
     */
    static void checkFormat(Path path, MVStore store, Catalog catalog, boolean readOnly) {
        MVMap<String, String> meta = catalog.meta();
        boolean checked = catalog.checked();
        String format = meta.get(Catalog.FORMAT_KEY);
        if (format == null) {
            Set<String> others = new TreeSet<>(store.getMapNames());
            others.remove(meta.getName());
            if (!others.isEmpty()) {
                throw new CorruptStoreException(path, "it is an MVStore file but not a TetherDB store (maps "
                        + others + ")", null);
            }
            if (readOnly) {
                throw new CorruptStoreException(path, "it holds no TetherDB store", null);
            }
            if (store.getCurrentVersion() > 0) {
                // A TetherDB file has its metadata from its first, synced commit on. MVStore reads a
                // chunk whose middle never reached the disk (a write torn out of order) as a store
                // with no maps: initializing it would silently replace the data with an empty store.
                throw new CorruptStoreException(path, "it holds MVStore data up to version "
                        + store.getCurrentVersion() + " but no TetherDB metadata: the newest data is damaged"
                        + " or missing", null);
            }
            meta.put(Catalog.FORMAT_KEY, Integer.toString(checked ? FORMAT_VERSION : 1));
            store.commit();
            if (path != null) {
                // MVStore writes both copies of a new file's header in one write: a power loss before
                // they reach the disk can leave a file with no valid header, which no later open
                // accepts. Syncing once here means that a store that opened always opens again.
                store.sync();
            }
        } else {
            int version;
            try {
                version = Integer.parseInt(format);
            } catch (NumberFormatException e) {
                throw new CorruptStoreException(path, "format version '" + format + "' is not a number", e);
            }
            if (version > FORMAT_VERSION) {
                throw new CorruptStoreException(path, "it was written in format version " + version
                        + " by a newer TetherDB; this version reads up to " + FORMAT_VERSION, null);
            }
            if (checked != version >= 2) {
                throw new CorruptStoreException(path, "its metadata map " + meta.getName()
                        + " does not belong to format version " + version, null);
            }
        }
    }

    /**
     * Decides how the file is to be read before MVStore touches it, so that a refusal leaves the
     * file as it was: plain (null), or encrypted with the key the password gives. A new (empty)
     * file opened with a password gets an encryption header with a new salt first.
     *
     * @param baseName the H2 name of the file, under which tests may inject faults
     * @return the key, or null for a plain file
     * @throws WrongPasswordException if the password does not give the file's key
     * @throws PasswordRequiredException if the file is encrypted and there is no password
     * @throws StoreNotEncryptedException if the file is a plain one and there is a password
     */
    private static FileKey unlock(Path path, String baseName, EncryptionSettings encryption, boolean readOnly) {
        FilePath file = FilePath.get(baseName);
        try {
            boolean empty = !file.exists() || file.size() == 0;
            boolean encrypted = !empty && EncryptionHeader.isEncrypted(file);
            if (encryption == null) {
                if (encrypted) {
                    throw new PasswordRequiredException(path);
                }
                return null;
            }
            if (empty) {
                if (readOnly) {
                    // nothing to decrypt: the read-only open reports the empty file as it does for a plain one
                    return null;
                }
                FileKey key = FileKey.create(encryption);
                if (key.header().writeIfEmpty(path, file)) {
                    return key;
                }
                // another process created the store meanwhile: open it as the existing file it now is
                encrypted = EncryptionHeader.isEncrypted(file);
            }
            if (!encrypted) {
                if (!EncryptionHeader.startsAsPlainStore(file)) {
                    // such as an encryption header that a power loss tore while the file was created
                    throw new CorruptStoreException(path, "it has neither an encryption header nor a plain"
                            + " MVStore header", null);
                }
                throw new StoreNotEncryptedException(path);
            }
            EncryptionHeader header = EncryptionHeader.read(path, file);
            long stored = file.size();
            if (stored > EncryptionHeader.LENGTH && EncryptedFileChannel.visibleSize(stored, header.tagged()) == 0) {
                // MVStore would see an empty file and start a new store over what was cut off; a file of
                // the header alone is a new store whose creation stopped there, as an empty plain file is
                throw new CorruptStoreException(path, "it is cut off at " + stored + " bytes, inside its first"
                        + " encrypted sector", null);
            }
            FileKey key = FileKey.unlock(encryption.password(), header);
            if (key == null) {
                throw new WrongPasswordException(path);
            }
            return key;
        } catch (IOException e) {
            // worded as MVStore words its own failures to open a file, which this read now comes before
            throw new TetherException("TetherDB file " + path + " cannot be opened: Could not open file " + path
                    + " to read its encryption header (" + e + ")", e);
        }
    }

    /**
     * MVStore opens an existing file read-only, without telling its caller, when its file layer
     * reports the file as not writable; the store would then take writes and lose them at its first
     * commit. This asks that layer the same question first, so that nothing is opened, read or
     * written. The layer sees what a check of the path alone may not: a file system or wrapper
     * that refuses writes.
     */
    private static void refuseWhatMVStoreWouldOpenReadOnly(Path path, String fileName) {
        FilePath file = FilePath.get(fileName);
        if (file.exists() && !file.canWrite()) {
            throw new StoreNotWritableException(path,
                    "the file system does not let this process write the file", true, null);
        }
    }

    /** @return what MVStore says, and a failed integrity check behind it, which its message leaves out */
    private static String corruption(MVStoreException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SectorIntegrityException integrity) {
                return e.getMessage() + ": " + integrity.getMessage();
            }
        }
        return e.getMessage();
    }

    /**
     * @return the I/O failure behind an MVStore error, or null if there is none; an end of file is
     *         not one, since reading past the end of the file means its content is inconsistent, nor
     *         is an encrypted sector that fails its integrity check
     */
    private static IOException ioFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException io) {
                return io instanceof EOFException || io instanceof SectorIntegrityException ? null : io;
            }
        }
        return null;
    }

    /**
     * Refuses a file whose newest data MVStore could not read. When the chunk its header points to
     * is damaged or cut off, MVStore silently falls back to the newest older chunk it can read, down
     * to an empty store, as it would after a crash before that chunk was written; and TetherDB would
     * then initialize the empty store over the damaged file. A header is only written once the
     * chunk it names is written (and on close, after a sync), so a version older than the header's
     * means committed data was lost, not a crash.
     */
    private static void checkNewestVersionRead(Path path, MVStore store) {
        long recorded = DataUtils.readHexLong(store.getStoreHeader(), "version", 0);
        long read = store.getCurrentVersion();
        if (read < recorded) {
            throw new CorruptStoreException(path, "its header records version " + recorded
                    + " but the newest version that can be read is " + read
                    + ": the newest data is damaged or missing", null);
        }
    }

    /**
     * @param path an absolute, normalized path
     * @return whether a store is open on that file in this JVM
     */
    static boolean isOpen(Path path) {
        return OPEN_FILES.contains(path);
    }

    /** Lets the file be opened again in this JVM. */
    static void releaseFile(Path path) {
        if (path != null) {
            OPEN_FILES.remove(path);
        }
    }

    /**
     * Closes what an open that failed had opened: the store, or, when MVStore refused the file
     * before a store existed, the file store it was given, which it does not close itself (an
     * adopted one), so that its channel does not keep the file locked until it is garbage.
     */
    private static void closeQuietly(MVStore store, OrderedFileStore fileStore) {
        if (store != null) {
            closeQuietly(store);
        } else if (fileStore != null) {
            try {
                fileStore.close();
            } catch (RuntimeException ignored) {
                // already failing; the original exception is the one to report
            }
        }
    }

    /** Closes a store without writing anything more; used when an open or the store has failed. */
    static void closeQuietly(MVStore store) {
        if (store != null && !store.isClosed()) {
            try {
                store.closeImmediately();
            } catch (RuntimeException ignored) {
                // already failing; the original exception is the one to report
            }
        }
    }
}
