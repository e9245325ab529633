package io.tetherdb.internal.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tetherdb.error.CorruptStoreException;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * The store's change sequence and change history: gives each committed change the next sequence
 * number, writes it to the history map in the same operation (so in the same commit) as the change,
 * prunes the history to its retention, and hands each completed operation's changes, in commit
 * order, to the registered {@link ChangeSink}s. The sequence number is recorded in the metadata
 * with every commit, so it goes on rising across reopens whether or not history is kept.
 *
 * <p>Changes are published before they are committed, so a crash can lose numbers that subscribers
 * have seen. They are never given again: a writable file store records that it is open (committed
 * at open, cleared by a clean close), and an open that finds the mark left by a run that did not
 * close cleanly skips {@value #CRASH_JUMP} numbers, more than one commit window can hand out (see
 * {@link #needsCommit}), and records the skipped range as lost.
 * Thread-safe: changes are appended and published under the store's write lock; the history is
 * read without it.
 */
final class ChangeLog {

    /** Metadata key of the last change's sequence number. */
    static final String SEQUENCE_KEY = "changes.sequence";
    /** Metadata key present while a writable file store is open: found at open, the last run did not close cleanly. */
    static final String OPEN_KEY = "changes.open";
    /**
     * Metadata key of the ranges of sequence numbers that unclean shutdowns may have given to changes
     * that were never committed: {@code after:through} pairs (exclusive, inclusive), comma-separated,
     * oldest first.
     */
    static final String LOST_KEY = "changes.lost";
    /**
     * How far an open after an unclean shutdown moves the sequence on. Above the most numbers one
     * commit window can give: fewer than 2^31 up to the operation that reaches {@link #MAX_UNCOMMITTED}
     * (which then commits), plus fewer than 2^31 for that operation (its changes are a Java list).
     * It leaves room for 2^31 unclean shutdowns.
     */
    static final long CRASH_JUMP = 1L << 32;
    /** Numbers given since the last commit after which the next operation boundary commits. */
    static final long MAX_UNCOMMITTED = 1L << 31;
    /** Lost ranges kept: an older one only matters to a resume point in it whose history was pruned to just after it. */
    private static final int MAX_LOST_RANGES = 32;
    /** Name of the history map: 8-byte big-endian sequence number to an encoded change. */
    static final String HISTORY_MAP = "tether:changes";
    /** Most history entries one operation prunes, so that a smaller retention catches up over writes. */
    private static final int PRUNE_PER_OPERATION = 1024;
    private static final byte FORMAT = 1;
    private static final ChangeRecord.Kind[] KINDS = ChangeRecord.Kind.values();

    private final MVMap<String, String> meta;
    /** The history, or null when none is kept. */
    private final MVMap<byte[], byte[]> history;
    private final StoreSettings.ChangeRetention retention;
    private final CopyOnWriteArrayList<ChangeSink> sinks = new CopyOnWriteArrayList<>();
    private final java.nio.file.Path path;
    /** The last sequence number given; written under the write lock. */
    private volatile long sequence;
    /** The last sequence number of the operation being appended, current once it is published; under the write lock. */
    private long appended;
    /** The sequence number recorded with the last commit; under the write lock. */
    private long committed;
    /** Ranges of numbers a crash lost, oldest first; replaced only when the store opens, before any reader. */
    private volatile List<LostRange> lost;

    /**
     * @param history the history map, or null when none is kept
     * @param writable whether the store is writable (a history with a gap is then cleared)
     */
    ChangeLog(MVMap<String, String> meta, MVMap<byte[], byte[]> history, StoreSettings.ChangeRetention retention,
            java.nio.file.Path path, boolean writable) {
        this.meta = meta;
        this.history = history;
        this.retention = retention;
        this.path = path;
        long recorded = 0;
        String value = meta.get(SEQUENCE_KEY);
        if (value != null) {
            try {
                recorded = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new CorruptStoreException(path, "metadata key '" + SEQUENCE_KEY + "' holds '"
                        + value + "', not a sequence number", e);
            }
        }
        this.lost = parseLost(meta.get(LOST_KEY));
        if (history != null && !history.isEmpty()) {
            long last = sequenceOf(history.lastKey());
            if (resumePoint(last) < recorded && writable) {
                // changes were made while history was off: the kept history ends before a gap, so no
                // resume point in it can be served; a new history begins
                history.clear();
            }
            recorded = Math.max(recorded, last);
        }
        this.sequence = recorded;
        this.appended = recorded;
        this.committed = recorded;
    }

    /**
     * When a writable file store opens, before any write: marks the store open in the metadata, for
     * the caller to commit and sync before any change is numbered. If the mark is there already, the
     * last run did not close cleanly and may have published numbers after the recorded one that no
     * commit holds: the sequence moves on by {@value #CRASH_JUMP} and the skipped range is recorded
     * as lost.
     */
    void opened() {
        if (meta.get(OPEN_KEY) == null) {
            meta.put(OPEN_KEY, "true");
            return;
        }
        long recorded = sequence;
        long start;
        try {
            start = Math.addExact(recorded, CRASH_JUMP);
        } catch (ArithmeticException e) {
            throw new CorruptStoreException(path, "its change sequence " + recorded + " cannot move on past"
                    + " the changes an unclean shutdown may have lost", e);
        }
        List<LostRange> ranges = new ArrayList<>(lost);
        LostRange previous = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
        if (previous != null && previous.through() == recorded) {
            // no change was committed since the last unclean shutdown: one range covers both
            ranges.set(ranges.size() - 1, new LostRange(previous.after(), start));
        } else {
            ranges.add(new LostRange(recorded, start));
        }
        while (ranges.size() > MAX_LOST_RANGES) {
            ranges.remove(0);
        }
        lost = List.copyOf(ranges);
        meta.put(LOST_KEY, formatLost(lost));
        sequence = start;
        appended = start;
        // committed by the caller before any write
        committed = start;
        meta.put(SEQUENCE_KEY, Long.toString(start));
    }

    /** Under the write lock, for the final commit of a clean close (or a copy meant to replace the file). */
    void closing() {
        beforeCommit();
        meta.remove(OPEN_KEY);
    }

    /**
     * @param after a sequence number to resume after
     * @return the same point, or the end of the lost range it falls in (or begins at): no change was
     *         ever committed between the two, so resuming after either misses nothing
     */
    long resumePoint(long after) {
        long point = after;
        for (LostRange range : lost) {
            if (point >= range.after() && point <= range.through()) {
                point = range.through();
            }
        }
        return point;
    }

    /**
     * Under the write lock, at an operation boundary: whether so many numbers were given since the
     * last commit that a commit must bound what a crash could lose below {@value #CRASH_JUMP}.
     */
    boolean needsCommit() {
        return sequence - committed >= MAX_UNCOMMITTED;
    }

    /** Under the write lock, inside an operation after {@link #append}: the sequence once its changes are published. */
    long appendedSequence() {
        return appended;
    }

    /** @return the last sequence number given, 0 if none ever was */
    long sequence() {
        return sequence;
    }

    /** @return whether history is kept */
    boolean keepsHistory() {
        return history != null;
    }

    /**
     * Under the write lock: whether the changes of an operation that starts now are kept or handed
     * on. Sinks register only under the write lock, so the answer holds for the whole operation
     * (a sink that leaves during it simply misses the rest).
     */
    boolean observed() {
        return history != null || !sinks.isEmpty();
    }

    /**
     * Under the write lock, inside the operation (so that a failure undoes it with the rest):
     * numbers the operation's changes and writes them to the history.
     *
     * @param mutations the operation; its changes, possibly none
     * @return the changes with their sequence numbers
     */
    List<ChangeRecord> append(Mutations mutations) {
        List<ChangeRecord> changes = mutations.changes();
        long next = sequence;
        appended = next + changes.size();
        if (changes.isEmpty() || history == null && sinks.isEmpty()) {
            // counted all the same, so that a subscriber that resumes later can tell it missed them
            return List.of();
        }
        List<ChangeRecord> numbered = new ArrayList<>(changes.size());
        for (ChangeRecord change : changes) {
            numbered.add(change.withSequence(++next));
        }
        if (history != null) {
            for (ChangeRecord change : numbered) {
                mutations.put(history, key(change.sequence()), encode(change));
            }
            prune(mutations, changes.get(0).timeMillis());
        }
        return numbered;
    }

    /**
     * Under the write lock, once the operation has completed and its changes are visible: makes
     * their numbers current and hands them to the sinks.
     */
    void publish(List<ChangeRecord> numbered) {
        sequence = appended;
        if (numbered.isEmpty()) {
            return;
        }
        for (ChangeSink sink : sinks) {
            try {
                sink.accept(numbered);
            } catch (RuntimeException e) {
                // the operation is complete and visible: a sink's bug must not turn it into a failed write
                sinks.remove(sink);
                sink.storeClosed();
            }
        }
    }

    /** Under the write lock, before a commit: records the sequence number with it. */
    void beforeCommit() {
        committed = recordSequence();
    }

    /**
     * Under the write lock: writes the sequence number to the metadata (for a commit, or a copy
     * of the maps as they are now).
     *
     * @return the number written
     */
    long recordSequence() {
        long now = sequence;
        if (now != 0 && !Long.toString(now).equals(meta.get(SEQUENCE_KEY))) {
            meta.put(SEQUENCE_KEY, Long.toString(now));
        }
        return now;
    }

    /** Numbers after {@code after}, up to and including {@code through}, that no committed change holds. */
    record LostRange(long after, long through) {
    }

    private List<LostRange> parseLost(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        List<LostRange> ranges = new ArrayList<>();
        try {
            for (String pair : value.split(",")) {
                int colon = pair.indexOf(':');
                LostRange range = new LostRange(Long.parseLong(pair.substring(0, colon)),
                        Long.parseLong(pair.substring(colon + 1)));
                if (range.after() < 0 || range.through() <= range.after()) {
                    throw new IllegalArgumentException("empty range");
                }
                ranges.add(range);
            }
        } catch (RuntimeException e) {
            throw new CorruptStoreException(path, "metadata key '" + LOST_KEY + "' holds '" + value
                    + "', not ranges of sequence numbers", e);
        }
        return List.copyOf(ranges);
    }

    private static String formatLost(List<LostRange> ranges) {
        StringBuilder out = new StringBuilder();
        for (LostRange range : ranges) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(range.after()).append(':').append(range.through());
        }
        return out.toString();
    }

    private void prune(Mutations mutations, long nowMillis) {
        long oldestKept = retention.maxAgeMillis() >= nowMillis ? Long.MIN_VALUE : nowMillis - retention.maxAgeMillis();
        for (int i = 0; i < PRUNE_PER_OPERATION; i++) {
            byte[] first = history.firstKey();
            if (first == null) {
                return;
            }
            boolean tooMany = history.sizeAsLong() > retention.maxEvents();
            if (!tooMany && timeOf(history.get(first)) >= oldestKept) {
                return;
            }
            mutations.remove(history, first);
        }
    }

    /**
     * Under the write lock: registers a sink for the changes of later operations.
     *
     * @return the last sequence number given so far: the sink gets every change after it
     */
    long register(ChangeSink sink) {
        sinks.add(sink);
        return sequence;
    }

    /** After the store's last write operation: tells every sink that no changes follow. */
    void closed() {
        for (ChangeSink sink : sinks) {
            sink.storeClosed();
        }
        sinks.clear();
    }

    void unregister(ChangeSink sink) {
        sinks.remove(sink);
    }

    /** @return the oldest sequence number in the history, or 0 if it is empty or none is kept */
    long oldestRetained() {
        if (history == null) {
            return 0;
        }
        byte[] first = history.firstKey();
        return first == null ? 0 : sequenceOf(first);
    }

    /**
     * Reads the history from a sequence number on, lazily, from the map as it is now.
     *
     * @param after the sequence number to start after
     * @param upTo the last sequence number to read
     * @return the recorded changes in sequence order
     */
    Iterator<ChangeRecord> read(long after, long upTo) {
        if (history == null || after >= upTo) {
            return java.util.Collections.emptyIterator();
        }
        Cursor<byte[], byte[]> cursor = history.cursor(key(after + 1), key(upTo), false);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public ChangeRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] key = cursor.next();
                return decode(sequenceOf(key), cursor.getValue());
            }
        };
    }

    static byte[] key(long sequence) {
        return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
    }

    private static long sequenceOf(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }

    /** Encodes a change in our own layout: no Java serialization ever reads this map. */
    static byte[] encode(ChangeRecord change) {
        byte[] collection = change.collection().getBytes(StandardCharsets.UTF_8);
        byte[] id = change.id() == null ? null : change.id().getBytes(StandardCharsets.UTF_8);
        List<byte[]> updated = utf8(change.update() == null ? null : change.update().updated());
        List<byte[]> removed = utf8(change.update() == null ? null : change.update().removed());
        int size = 1 + 1 + Long.BYTES + sized(collection) + sized(id) + sized(change.before()) + sized(change.after())
                + sized(updated) + sized(removed);
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT).put((byte) change.kind().ordinal()).putLong(change.timeMillis());
        put(out, collection);
        put(out, id);
        put(out, change.before());
        put(out, change.after());
        put(out, updated);
        put(out, removed);
        return out.array();
    }

    ChangeRecord decode(long sequence, byte[] value) {
        try {
            ByteBuffer in = ByteBuffer.wrap(value);
            if (in.get() != FORMAT) {
                throw new IllegalArgumentException("unknown format");
            }
            ChangeRecord.Kind kind = KINDS[in.get()];
            long time = in.getLong();
            String collection = string(in);
            String id = string(in);
            byte[] before = bytes(in);
            byte[] after = bytes(in);
            List<String> updated = strings(in);
            List<String> removed = strings(in);
            ChangeRecord.UpdatePaths update = updated == null ? null : new ChangeRecord.UpdatePaths(updated, removed);
            return new ChangeRecord(sequence, kind, collection, id, time, before, after, update);
        } catch (RuntimeException e) {
            throw new CorruptStoreException(path, "change " + sequence + " in the change history cannot be read",
                    e);
        }
    }

    private static long timeOf(byte[] value) {
        return ByteBuffer.wrap(value, 2, Long.BYTES).getLong();
    }

    private static List<byte[]> utf8(List<String> strings) {
        if (strings == null) {
            return null;
        }
        List<byte[]> encoded = new ArrayList<>(strings.size());
        for (String string : strings) {
            encoded.add(string.getBytes(StandardCharsets.UTF_8));
        }
        return encoded;
    }

    private static int sized(byte[] bytes) {
        return Integer.BYTES + (bytes == null ? 0 : bytes.length);
    }

    private static int sized(List<byte[]> list) {
        int size = Integer.BYTES;
        if (list != null) {
            for (byte[] bytes : list) {
                size += sized(bytes);
            }
        }
        return size;
    }

    private static void put(ByteBuffer out, byte[] bytes) {
        out.putInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.put(bytes);
        }
    }

    private static void put(ByteBuffer out, List<byte[]> list) {
        out.putInt(list == null ? -1 : list.size());
        if (list != null) {
            for (byte[] bytes : list) {
                put(out, bytes);
            }
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = bytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> strings(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0) {
            return null;
        }
        List<String> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            strings.add(string(in));
        }
        return strings;
    }
}
