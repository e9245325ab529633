package io.tetherdb.spring.change;

import java.util.Objects;

import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.event.ChangeEvent;
import io.tetherdb.event.ChangeKind;
import io.tetherdb.event.ChangeSubscription;
import io.tetherdb.event.SubscriberFellBehindException;
import io.tetherdb.event.WatchOptions;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherPersistentEntity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the store for expired documents while the application context runs, and publishes a
 * {@link TetherExpiredEvent} for each one whose collection belongs to a mapped entity type (the
 * first such type, when several share a collection); documents of other collections are ignored.
 * It starts before the starter's expiry sweep and stops after it, so every expiry the starter's sweep
 * removes is published; documents removed while the application was not running, and by the sweep
 * that runs when the store opens, are not. A subscription that falls behind is resumed from where it
 * stopped when the store keeps a change history, else started again from now (the missed expiries
 * are logged as a warning). Thread-safe.
 *
 * @since 0.2
 */
public final class TetherExpiredEventPublisher implements SmartLifecycle {

    /**
     * Phase of this lifecycle: below the starter's sweep ({@code TetherDbLifecycle.PHASE + 1}) and
     * its flush ({@code TetherDbLifecycle.PHASE}), so that it starts first and stops last.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096 - 1;

    private static final Log logger = LogFactory.getLog(TetherExpiredEventPublisher.class);

    private final TetherDB db;
    private final TetherConverter converter;
    private final ApplicationEventPublisher publisher;
    private volatile ChangeSubscription subscription;

    /**
     * @param db the store; not null
     * @param converter reads the expired documents as entities; not null
     * @param publisher where the events go; not null
     */
    public TetherExpiredEventPublisher(TetherDB db, TetherConverter converter, ApplicationEventPublisher publisher) {
        this.db = Objects.requireNonNull(db, "db must not be null");
        this.converter = Objects.requireNonNull(converter, "converter must not be null");
        this.publisher = Objects.requireNonNull(publisher, "publisher must not be null");
    }

    @Override
    public synchronized void start() {
        if (this.subscription == null) {
            this.subscription = watch(WatchOptions.defaults());
        }
    }

    private ChangeSubscription watch(WatchOptions from) {
        return this.db.watch(from.fullDocument(false).fullDocumentBefore(true)
                .eventFilter((event) -> event.kind() == ChangeKind.EXPIRE), new io.tetherdb.event.ChangeListener() {
                    @Override
                    public void onChange(ChangeEvent event) {
                        publish(event);
                    }

                    @Override
                    public void onFellBehind(SubscriberFellBehindException signal) {
                        resume(signal);
                    }
                });
    }

    private synchronized void resume(SubscriberFellBehindException signal) {
        if (this.subscription == null || this.db.isClosed()) {
            return;
        }
        try {
            this.subscription = watch(WatchOptions.defaults().resumeAfter(signal.lastDeliveredSequence()));
        }
        catch (io.tetherdb.event.ChangeHistoryGoneException ex) {
            logger.warn("Expired-entity events after change " + signal.lastDeliveredSequence() + " of " + this.db
                    + " were missed (the listeners fell behind and the store keeps no history of them);"
                    + " publishing again from now", ex);
            this.subscription = watch(WatchOptions.defaults());
        }
    }

    private void publish(ChangeEvent event) {
        Document before = event.fullDocumentBefore().orElse(null);
        Class<?> type = entityType(event.collection());
        if (before == null || type == null) {
            return;
        }
        publish(type, before, event);
    }

    private <T> void publish(Class<T> type, Document before, ChangeEvent event) {
        T entity = this.converter.read(type, before);
        this.publisher.publishEvent(new TetherExpiredEvent<>(this, entity, type, event));
    }

    /** @return the first mapped entity type whose collection this is, or null */
    private Class<?> entityType(String collection) {
        for (TetherPersistentEntity<?> entity : this.converter.getMappingContext().getPersistentEntities()) {
            if (collection.equals(entity.getCollection())) {
                return entity.getType();
            }
        }
        return null;
    }

    @Override
    public synchronized void stop() {
        ChangeSubscription running = this.subscription;
        this.subscription = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return this.subscription != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
