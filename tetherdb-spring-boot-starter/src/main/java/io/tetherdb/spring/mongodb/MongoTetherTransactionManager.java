package io.tetherdb.spring.mongodb;

import java.util.Objects;

import com.mongodb.MongoException;
import com.mongodb.TransactionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;

import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.SmartTransactionObject;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The MongoDB backend's counterpart of {@link io.tetherdb.spring.core.TetherTransactionManager}:
 * {@code @Transactional} methods run in a MongoDB multi-document transaction on a
 * {@link ClientSession}, which every call of a {@link MongoTetherTemplate} on the same client joins.
 * MongoDB runs transactions on replica sets and sharded clusters only; on a standalone server the
 * transaction fails to begin with {@link CannotCreateTransactionException}. Read-only transactions
 * and isolation levels other than the default are not distinguished (MongoDB transactions read a
 * snapshot). Thread-safe.
 *
 * @since 0.2
 */
public class MongoTetherTransactionManager extends AbstractPlatformTransactionManager {

    private static final long serialVersionUID = 1L;

    private final transient MongoClient client;

    /**
     * @param client the client whose sessions run the transactions; not null
     */
    public MongoTetherTransactionManager(MongoClient client) {
        this.client = Objects.requireNonNull(client, "client must not be null");
    }

    /** @return the client */
    public MongoClient getClient() {
        return this.client;
    }

    @Override
    protected Object doGetTransaction() {
        return new SessionTransaction((MongoSessionHolder) TransactionSynchronizationManager.getResource(this.client));
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        SessionTransaction tx = (SessionTransaction) transaction;
        return tx.holder != null && tx.holder.getSession().hasActiveTransaction();
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        SessionTransaction tx = (SessionTransaction) transaction;
        checkTransactionsSupported();
        ClientSession session;
        try {
            session = this.client.startSession();
        }
        catch (MongoException ex) {
            throw new CannotCreateTransactionException("Cannot start a MongoDB session: " + ex.getMessage(), ex);
        }
        try {
            TransactionOptions.Builder options = TransactionOptions.builder();
            int timeout = determineTimeout(definition);
            if (timeout != TransactionDefinition.TIMEOUT_DEFAULT) {
                options.maxCommitTime((long) timeout, java.util.concurrent.TimeUnit.SECONDS);
            }
            session.startTransaction(options.build());
        }
        catch (RuntimeException ex) {
            session.close();
            throw new CannotCreateTransactionException("Cannot begin a MongoDB transaction (a replica set or "
                    + "sharded cluster is needed): " + ex.getMessage(), ex);
        }
        tx.holder = new MongoSessionHolder(session);
        tx.holder.setSynchronizedWithTransaction(true);
        TransactionSynchronizationManager.bindResource(this.client, tx.holder);
    }

    /**
     * Fails at the start of a transaction, rather than at its first write, on a deployment that
     * cannot run one: a standalone server, or one without sessions.
     */
    private void checkTransactionsSupported() {
        ClusterDescription cluster;
        try {
            cluster = this.client.getClusterDescription();
            if (cluster.getType() == ClusterType.UNKNOWN) {
                // nothing has connected yet: one round trip tells what the deployment is
                this.client.getDatabase("admin").runCommand(new org.bson.Document("ping", 1));
                cluster = this.client.getClusterDescription();
            }
        }
        catch (MongoException ex) {
            throw new CannotCreateTransactionException("Cannot reach MongoDB to begin a transaction: "
                    + ex.getMessage(), ex);
        }
        if (cluster.getType() == ClusterType.STANDALONE || cluster.getLogicalSessionTimeoutMinutes() == null) {
            throw new CannotCreateTransactionException("MongoDB runs transactions on replica sets and sharded "
                    + "clusters only; " + cluster.getServerDescriptions().stream()
                        .map((server) -> server.getAddress().toString())
                        .toList() + " is a " + cluster.getType().name().toLowerCase(java.util.Locale.ROOT)
                    + " deployment" + ((cluster.getLogicalSessionTimeoutMinutes() == null) ? " without sessions" : ""));
        }
    }

    @Override
    protected Object doSuspend(Object transaction) {
        ((SessionTransaction) transaction).holder = null;
        return TransactionSynchronizationManager.unbindResource(this.client);
    }

    @Override
    protected void doResume(Object transaction, Object suspendedResources) {
        TransactionSynchronizationManager.bindResource(this.client, suspendedResources);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        ClientSession session = ((SessionTransaction) status.getTransaction()).holder.getSession();
        try {
            session.commitTransaction();
        }
        catch (MongoException ex) {
            throw new TransactionSystemException("Cannot commit the MongoDB transaction: " + ex.getMessage(), ex);
        }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        ClientSession session = ((SessionTransaction) status.getTransaction()).holder.getSession();
        try {
            session.abortTransaction();
        }
        catch (MongoException ex) {
            throw new TransactionSystemException("Cannot roll back the MongoDB transaction: " + ex.getMessage(), ex);
        }
    }

    @Override
    protected void doSetRollbackOnly(DefaultTransactionStatus status) {
        ((SessionTransaction) status.getTransaction()).holder.setRollbackOnly();
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        SessionTransaction tx = (SessionTransaction) transaction;
        TransactionSynchronizationManager.unbindResourceIfPossible(this.client);
        if (tx.holder != null) {
            tx.holder.getSession().close();
            tx.holder = null;
        }
    }

    /** The transaction object of one {@code @Transactional} scope: the session holder it runs on. */
    private static final class SessionTransaction implements SmartTransactionObject {

        private MongoSessionHolder holder;

        SessionTransaction(MongoSessionHolder holder) {
            this.holder = holder;
        }

        @Override
        public boolean isRollbackOnly() {
            return this.holder != null && this.holder.isRollbackOnly();
        }

        @Override
        public void flush() {
        }

    }

}
