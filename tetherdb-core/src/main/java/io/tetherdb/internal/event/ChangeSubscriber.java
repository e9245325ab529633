package io.tetherdb.internal.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.tetherdb.document.Document;
import io.tetherdb.error.TetherException;
import io.tetherdb.event.ChangeEvent;
import io.tetherdb.event.ChangeHistoryGoneException;
import io.tetherdb.event.ChangeKind;
import io.tetherdb.event.ChangeListener;
import io.tetherdb.event.ChangeSubscription;
import io.tetherdb.event.ExpiryCause;
import io.tetherdb.event.SubscriberFellBehindException;
import io.tetherdb.event.UpdateDescription;
import io.tetherdb.event.WatchOptions;
import io.tetherdb.internal.store.ChangeRecord;
import io.tetherdb.internal.store.ChangeSink;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;

/**
 * One subscription: the writers append each operation's changes to its bounded buffer under the
 * store's write lock (never waiting: a full buffer marks the subscriber as fallen behind and drops
 * what it holds), and its own daemon thread replays the history it resumes from, then decodes,
 * filters and hands the buffered changes to the listener. A writer wakes the thread only when it
 * has found the buffer empty for a few milliseconds; under a stream of writes the thread looks
 * every millisecond instead, so writers never pay for a wake-up per write. Thread-safe.
 */
public final class ChangeSubscriber implements ChangeSink, ChangeSubscription {

    private static final System.Logger LOG = System.getLogger(ChangeSubscriber.class.getName());
    /** How long the delivery thread waits between looks at an empty buffer before it waits for a signal. */
    private static final long POLL_NANOS = 1_000_000;
    /** Looks at an empty buffer before the delivery thread waits for a writer's signal. */
    private static final int POLLS_BEFORE_WAITING = 2;
    /** History entries read per step of a replay. */
    private static final int REPLAY_STEP = 256;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final StoreEngine engine;
    private final String collection;
    private final ChangeListener listener;
    private final WatchOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** Buffered changes; guarded by lock. */
    private final ArrayDeque<ChangeRecord> buffer = new ArrayDeque<>();
    /** Whether the buffer overflowed; guarded by lock. */
    private boolean overflowed;
    /** Whether the delivery thread waits for a writer's signal, after polling found nothing; guarded by lock. */
    private boolean waiting;
    private volatile boolean closed;
    /** Whether the store closed: the buffered changes are delivered, then delivery ends. */
    private volatile boolean storeClosed;
    private volatile long lastDelivered;
    private final LongAdder listenerFailures = new LongAdder();
    private final CountDownLatch ended = new CountDownLatch(1);
    /** The point the options ask to resume after, or -1. */
    private final long requested;
    /** The history to replay: after resumeAfter, up to the start point; equal when there is none. */
    private final long replayAfter;
    private long startPoint;
    private Thread thread;

    private ChangeSubscriber(StoreEngine engine, String collection, ChangeListener listener, WatchOptions options) {
        this.engine = engine;
        this.collection = collection;
        this.listener = listener;
        this.options = options;
        this.requested = options.resumeAfter().orElse(-1);
        // a point a crash lost stands for the last number of its lost range: the changes after it
        // that exist are the changes after that
        this.replayAfter = requested < 0 ? -1 : engine.changeResumePoint(requested);
    }

    /**
     * Subscribes and starts delivery.
     *
     * @param engine the store
     * @param collection the collection to watch, or null for every collection
     * @param listener the listener; not null
     * @param options the options; not null
     * @return the running subscription
     * @throws ChangeHistoryGoneException if the options resume from a point the history no longer holds
     */
    public static ChangeSubscriber start(StoreEngine engine, String collection, ChangeListener listener,
            WatchOptions options) {
        ChangeSubscriber subscriber = new ChangeSubscriber(engine, collection, listener, options);
        long start = engine.subscribe(subscriber);
        subscriber.startPoint = start;
        try {
            subscriber.checkResumable(start);
        } catch (RuntimeException e) {
            engine.unsubscribe(subscriber);
            throw e;
        }
        subscriber.lastDelivered = subscriber.replayAfter >= 0 ? subscriber.replayAfter : start;
        subscriber.thread = new Thread(subscriber::run, "tetherdb-watch-" + THREADS.incrementAndGet()
                + (collection == null ? "" : "-" + collection));
        subscriber.thread.setDaemon(true);
        subscriber.thread.start();
        return subscriber;
    }

    private void checkResumable(long start) {
        if (replayAfter < 0 || replayAfter == start) {
            return;
        }
        if (replayAfter > start) {
            throw new ChangeHistoryGoneException("Cannot resume after change " + requested + " of " + engine.describe()
                    + ": its last change is " + start + " (a sequence number from another store)", requested, engine.oldestRetainedChange(), start);
        }
        if (!engine.keepsChangeHistory()) {
            throw new ChangeHistoryGoneException("Cannot resume after change " + requested + " of " + engine.describe()
                    + ": the store keeps no change history (TetherDBBuilder.changeHistory) and has made "
                    + (start - replayAfter) + " change(s) since", requested, 0, start);
        }
        long oldest = engine.oldestRetainedChange();
        if (oldest == 0 || oldest > replayAfter + 1) {
            throw new ChangeHistoryGoneException("Cannot resume after change " + requested + " of " + engine.describe()
                    + ": the change history " + (oldest == 0 ? "holds no change" : "begins at change " + oldest)
                    + " and the changes in between were pruned by its retention; the store's last change is " + start,
                    requested, oldest, start);
        }
    }

    @Override
    public void accept(List<ChangeRecord> changes) {
        lock.lock();
        try {
            if (closed || overflowed) {
                return;
            }
            int before = buffer.size();
            for (ChangeRecord change : changes) {
                if (collection != null && !collection.equals(change.collection())) {
                    continue;
                }
                if (buffer.size() >= options.bufferSize()) {
                    overflowed = true;
                    buffer.clear();
                    arrived.signal();
                    return;
                }
                buffer.add(change);
            }
            if (waiting && before == 0 && !buffer.isEmpty()) {
                arrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            replay();
            ArrayDeque<ChangeRecord> batch = new ArrayDeque<>();
            while (!closed) {
                boolean fellBehind;
                lock.lock();
                try {
                    int idle = 0;
                    while (buffer.isEmpty() && !overflowed && !closed && !storeClosed) {
                        if (idle++ < POLLS_BEFORE_WAITING) {
                            // under a stream of writes, look again shortly rather than have every
                            // write wake this thread: writers then only append, and events come in batches
                            arrived.awaitNanos(POLL_NANOS);
                        } else {
                            waiting = true;
                            try {
                                arrived.await();
                            } finally {
                                waiting = false;
                            }
                        }
                    }
                    fellBehind = overflowed;
                    batch.addAll(buffer);
                    buffer.clear();
                } finally {
                    lock.unlock();
                }
                if (batch.isEmpty() && storeClosed) {
                    // everything committed before the close has been delivered
                    return;
                }
                if (fellBehind) {
                    close();
                    signalFellBehind();
                    return;
                }
                while (!batch.isEmpty() && !closed) {
                    deliver(batch.poll());
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            // closing: nothing more to deliver
        } catch (TetherException e) {
            // the store closed under a replay: delivery simply ends
            if (!engine.isClosed()) {
                LOG.log(System.Logger.Level.WARNING, "Change delivery of " + engine.describe() + " stopped", e);
            }
        } finally {
            close();
            ended.countDown();
        }
    }

    private void replay() {
        long after = replayAfter;
        while (after >= 0 && after < startPoint && !closed) {
            List<ChangeRecord> step = engine.changeHistory(after, startPoint, REPLAY_STEP);
            if (step.isEmpty()) {
                return;
            }
            for (ChangeRecord change : step) {
                if (closed) {
                    return;
                }
                if (collection == null || collection.equals(change.collection())) {
                    deliver(change);
                }
                after = change.sequence();
            }
            lastDelivered = Math.max(lastDelivered, after);
        }
    }

    private void signalFellBehind() {
        try {
            listener.onFellBehind(new SubscriberFellBehindException(lastDelivered, options.bufferSize()));
        } catch (RuntimeException e) {
            listenerFailures.increment();
            LOG.log(System.Logger.Level.WARNING, "A change listener's onFellBehind threw", e);
        }
    }

    private void deliver(ChangeRecord change) {
        if (change.sequence() <= lastDelivered) {
            return;
        }
        try {
            ChangeEvent event = event(change);
            if (event != null && (options.eventFilter() == null || options.eventFilter().test(event))) {
                listener.onChange(event);
            }
        } catch (RuntimeException e) {
            // a failing listener loses this event, never the writer's write nor the later events
            listenerFailures.increment();
            LOG.log(System.Logger.Level.WARNING, "A change listener threw on change " + change.sequence()
                    + "; delivery goes on", e);
        } finally {
            lastDelivered = change.sequence();
        }
    }

    /** @return the event, or null if the document filter rejects it */
    private ChangeEvent event(ChangeRecord change) {
        Document after = change.after() == null ? null : RecordFormat.decode(change.after());
        Document before = change.before() == null ? null : RecordFormat.decode(change.before());
        if (options.documentFilter() != null && change.kind() != ChangeRecord.Kind.DROP) {
            Document tested = after != null ? after : before;
            if (tested == null || !options.documentFilter().matches(tested)) {
                return null;
            }
        }
        ChangeKind kind = switch (change.kind()) {
            case INSERT -> ChangeKind.INSERT;
            case REPLACE -> ChangeKind.REPLACE;
            case UPDATE -> ChangeKind.UPDATE;
            case DELETE -> ChangeKind.DELETE;
            case DROP -> ChangeKind.DROP;
            case EXPIRED_BY_SWEEP, EXPIRED_ON_WRITE -> ChangeKind.EXPIRE;
        };
        ExpiryCause cause = switch (change.kind()) {
            case EXPIRED_BY_SWEEP -> ExpiryCause.SWEEP;
            case EXPIRED_ON_WRITE -> ExpiryCause.WRITE;
            default -> null;
        };
        UpdateDescription update = change.update() == null || after == null ? null : describe(change.update(), after);
        return new ChangeEvent(change.sequence(), kind, change.collection(), change.id(),
                Instant.ofEpochMilli(change.timeMillis()), options.isFullDocument() ? after : null,
                options.isFullDocumentBefore() ? before : null, update, cause);
    }

    private static UpdateDescription describe(ChangeRecord.UpdatePaths paths, Document after) {
        Map<String, Object> updated = new java.util.LinkedHashMap<>();
        for (String path : paths.updated()) {
            Object[] found = lookup(after, path);
            if (found != null) {
                updated.put(path, found[0]);
            }
        }
        return new UpdateDescription(updated, paths.removed());
    }

    /** @return the value at a dotted path in a one-element array, or null if the path leads nowhere */
    private static Object[] lookup(Object root, String path) {
        Object current = root;
        for (String segment : path.split("\\.", -1)) {
            if (current instanceof Map<?, ?> map && map.containsKey(segment)) {
                current = map.get(segment);
            } else if (current instanceof List<?> list && isIndex(segment) && Integer.parseInt(segment) < list.size()) {
                current = list.get(Integer.parseInt(segment));
            } else {
                return null;
            }
        }
        return new Object[] {current};
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void storeClosed() {
        lock.lock();
        try {
            storeClosed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long lastDeliveredSequence() {
        return lastDelivered;
    }

    @Override
    public boolean isActive() {
        return !closed;
    }

    /** @return how many events the listener or the event filter threw on */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.unsubscribe(this);
        lock.lock();
        try {
            buffer.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "ChangeSubscription[" + (collection == null ? "all collections" : "collection '" + collection + "'")
                + " of " + engine.describe() + ", last delivered " + lastDelivered + (closed ? ", closed" : "") + "]";
    }
}
