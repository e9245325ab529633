package io.tetherdb.spring.core;

import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.document.MalformedDocumentException;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.QueryInterruptedException;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.error.ReadOnlyStoreException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.error.StoreNotWritableException;
import io.tetherdb.error.TetherException;
import io.tetherdb.error.TransactionConflictException;
import io.tetherdb.error.TransactionStateException;
import io.tetherdb.error.TransactionTimeoutException;
import io.tetherdb.error.TransactionTooLargeException;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.update.InvalidUpdateException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * Translates TetherDB's exceptions into Spring's {@link DataAccessException} hierarchy:
 * <ul>
 * <li>{@link TransactionConflictException} → {@link OptimisticLockingFailureException}, a
 * {@link org.springframework.dao.ConcurrencyFailureException}: another writer committed first, and
 * running the transaction again may succeed</li>
 * <li>{@link TransactionTooLargeException} → {@link DataIntegrityViolationException}</li>
 * <li>{@link TransactionTimeoutException} → {@link org.springframework.dao.QueryTimeoutException}
 * (the transaction manager's commit reports it as Spring's {@code TransactionTimedOutException})</li>
 * <li>{@link TransactionStateException} (a write in a read-only transaction, a transaction used from
 * another thread or after it ended, a definition change inside one) →
 * {@link InvalidDataAccessApiUsageException}</li>
 * <li>{@link DuplicateKeyException} → {@link org.springframework.dao.DuplicateKeyException}</li>
 * <li>{@link DocumentTooLargeException}, {@link InvalidDocumentException} →
 * {@link DataIntegrityViolationException}</li>
 * <li>{@link InvalidQueryException}, {@link MalformedJsonException}, {@link InvalidUpdateException} →
 * {@link InvalidDataAccessApiUsageException}</li>
 * <li>{@link StoreClosedException}, {@link StoreLockedException}, {@link StoreNotWritableException},
 * {@link StoreNotFoundException} → {@link DataAccessResourceFailureException}</li>
 * <li>{@link QueryTimeoutException} → {@link org.springframework.dao.QueryTimeoutException}</li>
 * <li>{@link QueryInterruptedException} → {@link RecoverableDataAccessException}: not a time limit
 * (so not a query timeout), and not transient either: the thread's interrupt flag stays set, so
 * retrying at once stops again; the caller that interrupted decides whether to clear it and
 * retry</li>
 * <li>{@link ReadOnlyStoreException} → {@link PermissionDeniedDataAccessException}: the operation is
 * valid, but the store, opened read-only by configuration, denies every write, as a database denies
 * a write without the grant</li>
 * <li>{@link CorruptStoreException}, {@link MalformedDocumentException} (a damaged stored document)
 * → {@link NonTransientDataAccessResourceException}</li>
 * <li>any other {@link TetherException} → {@link UncategorizedTetherException}</li>
 * </ul>
 * Other exceptions are left alone (null).
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public class TetherExceptionTranslator implements PersistenceExceptionTranslator {

    @Override
    public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
        if (ex instanceof DataAccessException translated) {
            return translated;
        }
        if (!(ex instanceof TetherException)) {
            return null;
        }
        String message = ex.getMessage();
        if (ex instanceof TransactionConflictException) {
            return new OptimisticLockingFailureException(message, ex);
        }
        if (ex instanceof TransactionTooLargeException) {
            return new DataIntegrityViolationException(message, ex);
        }
        if (ex instanceof TransactionTimeoutException) {
            return new org.springframework.dao.QueryTimeoutException(message, ex);
        }
        if (ex instanceof TransactionStateException) {
            return new InvalidDataAccessApiUsageException(message, ex);
        }
        if (ex instanceof DuplicateKeyException) {
            return new org.springframework.dao.DuplicateKeyException(message, ex);
        }
        if (ex instanceof DocumentTooLargeException || ex instanceof InvalidDocumentException) {
            return new DataIntegrityViolationException(message, ex);
        }
        if (ex instanceof InvalidQueryException || ex instanceof MalformedJsonException
                || ex instanceof InvalidUpdateException) {
            return new InvalidDataAccessApiUsageException(message, ex);
        }
        if (ex instanceof QueryTimeoutException) {
            return new org.springframework.dao.QueryTimeoutException(message, ex);
        }
        if (ex instanceof QueryInterruptedException) {
            return new RecoverableDataAccessException(message, ex);
        }
        if (ex instanceof ReadOnlyStoreException) {
            return new PermissionDeniedDataAccessException(message, ex);
        }
        if (ex instanceof StoreClosedException || ex instanceof StoreLockedException
                || ex instanceof StoreNotWritableException || ex instanceof StoreNotFoundException) {
            return new DataAccessResourceFailureException(message, ex);
        }
        if (ex instanceof CorruptStoreException || ex instanceof MalformedDocumentException) {
            return new NonTransientDataAccessResourceException(message, ex);
        }
        return new UncategorizedTetherException(message, ex);
    }

}
