package io.tetherdb.spring.core;

import java.time.Duration;
import java.util.Objects;

import io.tetherdb.TetherDB;
import io.tetherdb.Transaction;
import io.tetherdb.TransactionOptions;
import io.tetherdb.error.TetherException;
import io.tetherdb.error.TransactionTimeoutException;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.transaction.support.SmartTransactionObject;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring's {@link org.springframework.transaction.PlatformTransactionManager} over TetherDB's
 * transactions: each Spring transaction is one core {@link Transaction} (snapshot isolation,
 * buffered writes applied all at once at commit), bound to the thread for its {@link TetherDB} so
 * that {@link TetherTemplate} and the repositories join it. Propagation behaves as Spring documents;
 * a suspended transaction ({@code REQUIRES_NEW}, {@code NOT_SUPPORTED}) is suspended in the core too.
 * {@code readOnly} makes the core transaction refuse writes; {@code timeout} becomes its timeout
 * (the store's {@code transaction-max-age} still applies). A commit that conflicts with another
 * writer throws {@link org.springframework.dao.OptimisticLockingFailureException} (a
 * {@link org.springframework.dao.ConcurrencyFailureException}): retry the whole transaction.
 *
 * <p>Thread-safe: a transaction runs on the thread that began it.
 *
 * @since 0.2
 */
public class TetherTransactionManager extends AbstractPlatformTransactionManager implements ResourceTransactionManager {

    private static final long serialVersionUID = 1L;

    private final transient TetherDB db;

    private final transient TetherExceptionTranslator translator = new TetherExceptionTranslator();

    /**
     * @param db the store whose transactions this manages; not null
     */
    public TetherTransactionManager(TetherDB db) {
        this.db = Objects.requireNonNull(db, "db must not be null");
    }

    @Override
    public Object getResourceFactory() {
        return this.db;
    }

    @Override
    protected Object doGetTransaction() {
        TetherTransactionObject transaction = new TetherTransactionObject();
        transaction.holder = (TetherTransactionHolder) TransactionSynchronizationManager.getResource(this.db);
        return transaction;
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        TetherTransactionHolder holder = ((TetherTransactionObject) transaction).holder;
        return holder != null && holder.getTransaction().isActive();
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        TransactionOptions options = TransactionOptions.defaults();
        if (definition.isReadOnly()) {
            options = options.readOnly();
        }
        int timeout = determineTimeout(definition);
        if (timeout != TransactionDefinition.TIMEOUT_DEFAULT) {
            options = options.timeout(Duration.ofSeconds(Math.max(1, timeout)));
        }
        Transaction begun;
        try {
            begun = this.db.beginTransaction(options);
        }
        catch (TetherException ex) {
            throw new CannotCreateTransactionException("Could not begin a TetherDB transaction: " + ex.getMessage(), ex);
        }
        TetherTransactionHolder holder = new TetherTransactionHolder(begun);
        holder.setSynchronizedWithTransaction(true);
        if (timeout != TransactionDefinition.TIMEOUT_DEFAULT) {
            holder.setTimeoutInSeconds(timeout);
        }
        TransactionSynchronizationManager.bindResource(this.db, holder);
        ((TetherTransactionObject) transaction).holder = holder;
    }

    @Override
    protected Object doSuspend(Object transaction) {
        ((TetherTransactionObject) transaction).holder = null;
        TetherTransactionHolder holder = (TetherTransactionHolder) TransactionSynchronizationManager
            .unbindResource(this.db);
        holder.getTransaction().suspend();
        return holder;
    }

    @Override
    protected void doResume(Object transaction, Object suspendedResources) {
        TetherTransactionHolder holder = (TetherTransactionHolder) suspendedResources;
        holder.getTransaction().resume();
        TransactionSynchronizationManager.bindResource(this.db, holder);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        Transaction transaction = ((TetherTransactionObject) status.getTransaction()).holder.getTransaction();
        try {
            transaction.commit();
        }
        catch (TransactionTimeoutException ex) {
            throw new TransactionTimedOutException(ex.getMessage(), ex);
        }
        catch (RuntimeException ex) {
            throw translate(ex);
        }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        Transaction transaction = ((TetherTransactionObject) status.getTransaction()).holder.getTransaction();
        try {
            transaction.rollback();
        }
        catch (RuntimeException ex) {
            throw translate(ex);
        }
    }

    @Override
    protected void doSetRollbackOnly(DefaultTransactionStatus status) {
        ((TetherTransactionObject) status.getTransaction()).holder.setRollbackOnly();
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        TetherTransactionHolder holder = ((TetherTransactionObject) transaction).holder;
        if (holder == null) {
            return;
        }
        if (TransactionSynchronizationManager.getResource(this.db) == holder) {
            TransactionSynchronizationManager.unbindResource(this.db);
        }
        holder.clear();
        // rolls back what a failed commit or rollback left open; does nothing after either ended it
        holder.getTransaction().close();
    }

    private RuntimeException translate(RuntimeException ex) {
        DataAccessException translated = this.translator.translateExceptionIfPossible(ex);
        return (translated != null) ? translated : ex;
    }

    @Override
    public String toString() {
        return "TetherTransactionManager[" + this.db + "]";
    }

    /** The transaction object of one Spring transaction: the bound holder, if any. */
    private static final class TetherTransactionObject implements SmartTransactionObject {

        private TetherTransactionHolder holder;

        @Override
        public boolean isRollbackOnly() {
            return this.holder != null && this.holder.isRollbackOnly();
        }

        @Override
        public void flush() {
            // writes are buffered until the commit: nothing to flush early
        }

    }

}
