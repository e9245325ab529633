package io.tetherdb.spring.mongodb;

import java.util.Objects;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;

import org.springframework.transaction.support.ResourceHolderSupport;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The MongoDB session of a Spring-managed transaction, bound to the thread under its
 * {@link MongoClient} by {@link MongoTetherTransactionManager}, where {@link MongoTetherTemplate}
 * finds it. Confined to the thread it is bound to.
 *
 * @since 0.2
 */
public final class MongoSessionHolder extends ResourceHolderSupport {

    private final ClientSession session;

    MongoSessionHolder(ClientSession session) {
        this.session = Objects.requireNonNull(session, "session must not be null");
    }

    /** @return the session, with its transaction */
    public ClientSession getSession() {
        return this.session;
    }

    /**
     * @param client the client; not null
     * @return the session of the transaction bound to the calling thread for the client, or null
     *         when none is active
     */
    public static ClientSession currentSession(MongoClient client) {
        Object resource = TransactionSynchronizationManager.getResource(client);
        if (resource instanceof MongoSessionHolder holder && holder.session.hasActiveTransaction()) {
            return holder.session;
        }
        return null;
    }

}
