package io.tetherdb.spring.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.tetherdb.spring.core.TetherExceptionTranslator;
import io.tetherdb.spring.core.UncategorizedTetherException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * Translates the MongoDB driver's exceptions into the same Spring {@link DataAccessException}s the
 * embedded backend throws for the same failure (a taken id is a {@link DuplicateKeyException}, a
 * time limit a {@link QueryTimeoutException}, a refused update an
 * {@link InvalidDataAccessApiUsageException}), and TetherDB's own exceptions (filters are parsed by
 * core on both backends) as {@link TetherExceptionTranslator} does. Stateless and thread-safe.
 *
 * @since 0.2
 */
public class MongoExceptionTranslator implements PersistenceExceptionTranslator {

    private static final int DUPLICATE_KEY = 11000;

    private static final int MAX_TIME_EXPIRED = 50;

    /** BSONObjectTooLarge and the server's "document too large" codes. */
    private static final java.util.Set<Integer> TOO_LARGE = java.util.Set.of(10334, 17419, 17420);

    private final TetherExceptionTranslator tetherTranslator = new TetherExceptionTranslator();

    @Override
    public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
        if (!(ex instanceof MongoException mongo)) {
            return this.tetherTranslator.translateExceptionIfPossible(ex);
        }
        String message = ex.getMessage();
        if (ex instanceof MongoWriteException write) {
            if (write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return new DuplicateKeyException(message, ex);
            }
            return writeRefused(write.getError().getCode(), message, ex);
        }
        if (ex instanceof MongoBulkWriteException bulk) {
            for (BulkWriteError error : bulk.getWriteErrors()) {
                if (error.getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return new DuplicateKeyException(message, ex);
                }
            }
            return bulk.getWriteErrors().isEmpty() ? new UncategorizedTetherException(message, ex)
                    : writeRefused(bulk.getWriteErrors().get(0).getCode(), message, ex);
        }
        if (ex instanceof MongoExecutionTimeoutException || mongo.getCode() == MAX_TIME_EXPIRED) {
            return new QueryTimeoutException(message, ex);
        }
        if (ex instanceof MongoSecurityException) {
            return new PermissionDeniedDataAccessException(message, ex);
        }
        if (ex instanceof MongoSocketException || ex instanceof MongoTimeoutException) {
            return new DataAccessResourceFailureException(message, ex);
        }
        if (mongo.getCode() == DUPLICATE_KEY) {
            return new DuplicateKeyException(message, ex);
        }
        if (ex instanceof MongoServerException || ex instanceof MongoClientException) {
            // the server (or the driver, before sending) refused the command as it was given
            return new InvalidDataAccessApiUsageException(message, ex);
        }
        return new UncategorizedTetherException(message, ex);
    }

    private static DataAccessException writeRefused(int code, String message, RuntimeException ex) {
        if (TOO_LARGE.contains(code)) {
            return new DataIntegrityViolationException(message, ex);
        }
        return new InvalidDataAccessApiUsageException(message, ex);
    }

}
