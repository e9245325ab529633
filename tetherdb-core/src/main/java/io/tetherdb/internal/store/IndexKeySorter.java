package io.tetherdb.internal.store;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import io.tetherdb.error.TargetFileException;
import io.tetherdb.error.TetherException;

/**
 * Collects the entries of an index build and hands them back in key order, so that the index can
 * be written at the B-tree's right edge, where inserting in document order would touch leaves all
 * over the tree and make every commit rewrite most of them. Entries are held in memory up to a
 * budget; beyond it each full chunk is sorted and written to a temporary file (a sorted run), and
 * the runs are merged at the end with the chunk still in memory. Not thread-safe: it belongs to one
 * build, under the write lock.
 *
 * <p>A run file is a sequence of entries, each the key's length and the id's length as unsigned
 * varints, then the key's bytes; a run knows how many entries it holds, so the format needs no end
 * marker. When the store is encrypted, each run is encrypted with AES/CTR under a random key that
 * lives only in this sorter's memory (and a fresh nonce per run), so index keys never reach the disk
 * in plain text and nothing can read the runs after the build.
 */
final class IndexKeySorter implements AutoCloseable {

    /** Marks the temporary run files of index builds: {@code STORE_FILE + RUN_INFIX + random + RUN_SUFFIX}. */
    static final String RUN_INFIX = ".index-build-";
    static final String RUN_SUFFIX = ".tmp";
    /** Prefix of run files of an in-memory store, which go to {@code java.io.tmpdir}. */
    private static final String TEMP_PREFIX = "tetherdb";

    /** Runs merged at once: each holds an open file and a buffer; more runs are merged in passes. */
    static final int MAX_MERGE_WIDTH = 64;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An index entry: its key, which ends with the document id, and the length of that id. */
    record Entry(byte[] key, int idLength) {

        byte[] id() {
            return Arrays.copyOfRange(key, key.length - idLength, key.length);
        }

        /** @return whether both keys have the same field values (they may differ in the id) */
        boolean samePrefix(Entry other) {
            int length = key.length - idLength;
            return length == other.key.length - other.idLength
                    && Arrays.equals(key, 0, length, other.key, 0, length);
        }
    }

    /** Receives the entries in key order. */
    interface Sink {
        void accept(Entry entry);
    }

    static final Comparator<Entry> ORDER = (a, b) -> Arrays.compareUnsigned(a.key, b.key);

    /**
     * Where the runs of a build go.
     *
     * @param directory the directory of the run files
     * @param prefix the start of their names
     * @param encrypted whether to encrypt them
     */
    record RunFiles(Path directory, String prefix, boolean encrypted) {

        /** @return run files beside the store file, on its disk, named after it */
        static RunFiles beside(Path storeFile, boolean encrypted) {
            return new RunFiles(storeFile.toAbsolutePath().getParent(), storeFile.getFileName() + RUN_INFIX, encrypted);
        }

        /** @return run files in {@code java.io.tmpdir}, for an in-memory store */
        static RunFiles temporary() {
            return new RunFiles(Path.of(System.getProperty("java.io.tmpdir")), TEMP_PREFIX + RUN_INFIX, false);
        }
    }

    /** A sorted run on disk. */
    private record Run(Path file, long entries, byte[] nonce) {
    }

    private final long budgetBytes;
    private final RunFiles runFiles;
    /** The key of the runs of an encrypted store, or null. */
    private final SecretKey runKey;
    private final PackedEntries chunk;
    private final List<Run> runs = new ArrayList<>();
    private final List<Closeable> openReaders = new ArrayList<>();
    private long chunkBytes;
    private int runsWritten;

    /**
     * @param budgetBytes heap the entries held in memory may take
     * @param runFiles where to write sorted runs when they do not fit
     */
    IndexKeySorter(long budgetBytes, RunFiles runFiles) {
        this(budgetBytes, runFiles, 0);
    }

    /**
     * @param budgetBytes heap the entries held in memory may take
     * @param runFiles where to write sorted runs when they do not fit
     * @param expectedEntries how many entries the build expects (room for them, or for as many as
     *        the budget holds at 16-byte keys, is made at once)
     */
    IndexKeySorter(long budgetBytes, RunFiles runFiles, long expectedEntries) {
        this.budgetBytes = budgetBytes;
        this.runFiles = runFiles;
        this.runKey = runFiles.encrypted() ? newRunKey() : null;
        this.chunk = new PackedEntries((int) Math.min(expectedEntries, budgetBytes / entryCost(16)));
    }

    /**
     * @param maxHeap the JVM's maximum heap
     * @return an eighth of it, at least 4 MB and at most 256 MB
     */
    static long budgetFor(long maxHeap) {
        return Math.max(4L << 20, Math.min(256L << 20, maxHeap / 8));
    }

    /** @return the heap one entry with a key of this length is counted for (see {@link PackedEntries}) */
    static long entryCost(int keyLength) {
        return keyLength + (long) PackedEntries.ENTRY_OVERHEAD;
    }

    void add(byte[] key, int idLength) {
        chunk.add(key, idLength);
        chunkBytes += entryCost(key.length);
        if (chunkBytes >= budgetBytes) {
            chunk.sort();
            runs.add(writeRun(new ListSource(chunk)));
            chunk.clear();
            chunkBytes = 0;
        }
    }

    /** @return how many run files this sorter has written so far, merge passes included */
    int runsWritten() {
        return runsWritten;
    }

    /**
     * Passes every entry added to the sink in key order, then deletes the run files (also when the
     * sink throws).
     */
    void drainTo(Sink sink) {
        try {
            chunk.sort();
            // the last chunk is merged from memory: writing it to a file would only read it back
            while (runs.size() > MAX_MERGE_WIDTH - 1) {
                // a pass merges the oldest runs into one, so that the final merge holds few files open
                List<Run> group = new ArrayList<>(runs.subList(0, MAX_MERGE_WIDTH));
                List<Source> sources = new ArrayList<>();
                for (Run run : group) {
                    sources.add(open(run));
                }
                Run merged = writeRun(new MergeSource(sources));
                closeReaders();
                runs.subList(0, MAX_MERGE_WIDTH).clear();
                runs.add(merged);
                for (Run run : group) {
                    delete(run.file);
                }
            }
            List<Source> sources = new ArrayList<>();
            for (Run run : runs) {
                sources.add(open(run));
            }
            sources.add(new ListSource(chunk));
            Source merged = sources.size() == 1 ? sources.get(0) : new MergeSource(sources);
            for (Entry entry = merged.next(); entry != null; entry = merged.next()) {
                sink.accept(entry);
            }
        } finally {
            close();
        }
    }

    /** Drops the entries and deletes the run files; a build that fails before {@link #drainTo} calls it. */
    @Override
    public void close() {
        chunk.clear();
        chunkBytes = 0;
        closeReaders();
        for (Run run : runs) {
            delete(run.file);
        }
        runs.clear();
    }

    /**
     * Deletes run files that an index build interrupted by a crash left beside a store file; called
     * when the store opens for writing, when no build can be running (the file is locked).
     *
     * @return how many it deleted
     */
    static int removeLeftoverRuns(Path storeFile) {
        RunFiles files = RunFiles.beside(storeFile, false);
        int removed = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(files.directory(),
                glob(files.prefix()) + "*" + RUN_SUFFIX)) {
            for (Path leftover : leftovers) {
                if (Files.deleteIfExists(leftover)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            // leftovers only take space; failing to list or delete them must not stop the open
        }
        return removed;
    }

    private static String glob(String literal) {
        StringBuilder escaped = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private Run writeRun(Source entries) {
        Path file;
        try {
            file = Files.createTempFile(runFiles.directory(), runFiles.prefix(), RUN_SUFFIX);
        } catch (IOException e) {
            throw new TargetFileException(runFiles.directory().resolve(runFiles.prefix() + "*" + RUN_SUFFIX),
                    "an index build cannot create a temporary file for its sorted keys (" + e + ")", e);
        }
        byte[] nonce = runKey == null ? null : newNonce();
        long count = 0;
        try (RunWriter writer = new RunWriter(Files.newOutputStream(file), cipher(Cipher.ENCRYPT_MODE, nonce))) {
            for (Entry entry = entries.next(); entry != null; entry = entries.next()) {
                writer.write(entry);
                count++;
            }
        } catch (IOException e) {
            delete(file);
            throw new TargetFileException(file, "an index build cannot write its sorted keys there (" + e
                    + "); it needs free space about the size of the index's keys", e);
        } catch (RuntimeException | Error e) {
            delete(file);
            throw e;
        }
        runsWritten++;
        return new Run(file, count, nonce);
    }

    private Source open(Run run) {
        try {
            RunReader reader = new RunReader(Files.newInputStream(run.file), cipher(Cipher.DECRYPT_MODE, run.nonce),
                    run.entries, run.file);
            openReaders.add(reader);
            return reader;
        } catch (IOException e) {
            throw new TetherException("an index build cannot read back its sorted keys from " + run.file + " (" + e
                    + ")", e);
        }
    }

    private void closeReaders() {
        for (Closeable reader : openReaders) {
            try {
                reader.close();
            } catch (IOException e) {
                // a reader only reads: nothing is lost when closing it fails
            }
        }
        openReaders.clear();
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next writable open removes what is left (see removeLeftoverRuns)
        }
    }

    private static SecretKey newRunKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available to encrypt an index build's sorted keys", e);
        }
    }

    private static byte[] newNonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** @return a cipher for one run, or null when runs are not encrypted */
    private Cipher cipher(int mode, byte[] nonce) {
        return runKey == null ? null : AesCtr.cipher(mode, runKey, nonce, "an index build's sorted keys");
    }

    /** Entries in key order, one at a time. */
    private interface Source {
        /** @return the next entry, or null after the last */
        Entry next();
    }

    /** The sorted entries held in memory. */
    private static final class ListSource implements Source {
        private final PackedEntries entries;
        private int position;

        ListSource(PackedEntries entries) {
            this.entries = entries;
        }

        @Override
        public Entry next() {
            return position < entries.size() ? entries.get(position++) : null;
        }
    }

    /** The k-way merge of sorted sources. */
    private static final class MergeSource implements Source {

        private record Head(Entry entry, Source source) {
        }

        private final PriorityQueue<Head> heads;

        MergeSource(List<Source> sources) {
            heads = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> ORDER.compare(a.entry, b.entry));
            for (Source source : sources) {
                Entry first = source.next();
                if (first != null) {
                    heads.add(new Head(first, source));
                }
            }
        }

        @Override
        public Entry next() {
            Head head = heads.poll();
            if (head == null) {
                return null;
            }
            Entry following = head.source.next();
            if (following != null) {
                heads.add(new Head(following, head.source));
            }
            return head.entry;
        }
    }

    /** Writes entries through a buffer, encrypting each full buffer in place when there is a cipher. */
    private static final class RunWriter implements Closeable {
        private final OutputStream out;
        private final Cipher cipher;
        private final byte[] buffer = new byte[BUFFER_SIZE];
        private int position;

        RunWriter(OutputStream out, Cipher cipher) {
            this.out = out;
            this.cipher = cipher;
        }

        void write(Entry entry) throws IOException {
            if (buffer.length - position < 10) {
                flush();
            }
            writeVarInt(entry.key.length);
            writeVarInt(entry.idLength);
            byte[] key = entry.key;
            int offset = 0;
            while (offset < key.length) {
                if (position == buffer.length) {
                    flush();
                }
                int length = Math.min(key.length - offset, buffer.length - position);
                System.arraycopy(key, offset, buffer, position, length);
                position += length;
                offset += length;
            }
        }

        private void writeVarInt(int value) {
            while ((value & ~0x7f) != 0) {
                buffer[position++] = (byte) (value & 0x7f | 0x80);
                value >>>= 7;
            }
            buffer[position++] = (byte) value;
        }

        private void flush() throws IOException {
            if (cipher != null) {
                try {
                    // CTR is a stream mode: the output is as long as the input
                    cipher.update(buffer, 0, position, buffer, 0);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot encrypt an index build's sorted keys", e);
                }
            }
            out.write(buffer, 0, position);
            position = 0;
        }

        @Override
        public void close() throws IOException {
            try (out) {
                flush();
            }
        }
    }

    /** Reads a run's entries through a buffer, decrypting each buffer in place when there is a cipher. */
    private static final class RunReader implements Source, Closeable {
        private final InputStream in;
        private final Cipher cipher;
        private final Path file;
        private final byte[] buffer = new byte[BUFFER_SIZE];
        private long remaining;
        private int position;
        private int limit;

        RunReader(InputStream in, Cipher cipher, long entries, Path file) {
            this.in = in;
            this.cipher = cipher;
            this.remaining = entries;
            this.file = file;
        }

        @Override
        public Entry next() {
            if (remaining == 0) {
                return null;
            }
            try {
                int keyLength = readVarInt();
                int idLength = readVarInt();
                byte[] key = new byte[keyLength];
                int offset = 0;
                while (offset < keyLength) {
                    if (position == limit) {
                        fill();
                    }
                    int length = Math.min(keyLength - offset, limit - position);
                    System.arraycopy(buffer, position, key, offset, length);
                    position += length;
                    offset += length;
                }
                remaining--;
                return new Entry(key, idLength);
            } catch (IOException e) {
                throw new TetherException("an index build cannot read back its sorted keys from " + file + " (" + e
                        + ")", e);
            }
        }

        private int readVarInt() throws IOException {
            int value = 0;
            for (int shift = 0;; shift += 7) {
                if (position == limit) {
                    fill();
                }
                byte b = buffer[position++];
                value |= (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        private void fill() throws IOException {
            int read = in.read(buffer, 0, buffer.length);
            if (read <= 0) {
                throw new EOFException("the file ends before its last entry");
            }
            if (cipher != null) {
                try {
                    cipher.update(buffer, 0, read, buffer, 0);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot decrypt an index build's sorted keys", e);
                }
            }
            position = 0;
            limit = read;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
