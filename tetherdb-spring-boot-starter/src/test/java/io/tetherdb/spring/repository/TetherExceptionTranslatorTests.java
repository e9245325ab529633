package io.tetherdb.spring.repository;

import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.document.MalformedDocumentException;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.QueryInterruptedException;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.error.ReadOnlyStoreException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.StoreFailedException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.error.StoreNotWritableException;
import io.tetherdb.error.TetherException;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.spring.core.TetherExceptionTranslator;
import io.tetherdb.spring.core.UncategorizedTetherException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TetherExceptionTranslator}.
 */
class TetherExceptionTranslatorTests {

    private final TetherExceptionTranslator translator = new TetherExceptionTranslator();

    @Test
    void translatesEachStoreException() {
        assertThat(this.translator.translateExceptionIfPossible(new DuplicateKeyException("c", "k", "dup k")))
            .isInstanceOf(org.springframework.dao.DuplicateKeyException.class)
            .hasMessage("dup k")
            .hasCauseInstanceOf(DuplicateKeyException.class);
        assertThat(this.translator.translateExceptionIfPossible(new DocumentTooLargeException("d", 10, 5)))
            .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(this.translator.translateExceptionIfPossible(new InvalidDocumentException("bad")))
            .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(this.translator.translateExceptionIfPossible(new InvalidQueryException("bad")))
            .isInstanceOf(InvalidDataAccessApiUsageException.class);
        assertThat(this.translator.translateExceptionIfPossible(new StoreClosedException("closed")))
            .isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(this.translator.translateExceptionIfPossible(new CorruptStoreException(java.nio.file.Path.of("x.db"), "corrupt", null)))
            .isInstanceOf(NonTransientDataAccessResourceException.class);
        assertThat(this.translator.translateExceptionIfPossible(new MalformedDocumentException("damaged")))
            .isInstanceOf(NonTransientDataAccessResourceException.class);
        assertThat(this.translator.translateExceptionIfPossible(new StoreFailedException(java.nio.file.Path.of("x.db"),
                java.time.Instant.EPOCH, "fsync", new java.io.IOException("disk"))))
            .isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(this.translator.translateExceptionIfPossible(new TetherException("other")))
            .isInstanceOf(UncategorizedTetherException.class);
    }

    @Test
    void queryTimeoutIsSpringsQueryTimeout() {
        QueryTimeoutException timeout = new QueryTimeoutException("query on collection 'readings'",
                java.time.Duration.ofMillis(200));
        assertThat(this.translator.translateExceptionIfPossible(timeout))
            .isInstanceOf(org.springframework.dao.QueryTimeoutException.class)
            .hasMessage("query on collection 'readings' exceeded its time limit of 200 ms")
            .hasCause(timeout);
    }

    @Test
    void interruptedQueryIsRecoverableNotTransient() {
        QueryInterruptedException interrupted = new QueryInterruptedException("count on collection 'readings'");
        assertThat(this.translator.translateExceptionIfPossible(interrupted))
            .isInstanceOf(RecoverableDataAccessException.class)
            .isNotInstanceOf(TransientDataAccessException.class)
            .isNotInstanceOf(org.springframework.dao.QueryTimeoutException.class)
            .hasMessageContaining("was stopped because its thread was interrupted")
            .hasCause(interrupted);
    }

    @Test
    void writeToReadOnlyStoreIsPermissionDenied() {
        ReadOnlyStoreException readOnly = new ReadOnlyStoreException("put", java.nio.file.Path.of("x.db"));
        assertThat(this.translator.translateExceptionIfPossible(readOnly))
            .isInstanceOf(PermissionDeniedDataAccessException.class)
            .hasMessageContaining("Cannot put: TetherDB store x.db is open read-only")
            .hasCause(readOnly);
    }

    @Test
    void unwritableStoreFileIsResourceFailure() {
        StoreNotWritableException notWritable = new StoreNotWritableException(java.nio.file.Path.of("x.db"),
                "the file is read-only (permissions r--r--r--)", true, null);
        assertThat(this.translator.translateExceptionIfPossible(notWritable))
            .isInstanceOf(DataAccessResourceFailureException.class)
            .hasMessageContaining("cannot open x.db for writing")
            .hasCause(notWritable);
    }

    @Test
    void missingStoreFileOfReadOnlyOpenIsResourceFailure() {
        StoreNotFoundException notFound = new StoreNotFoundException(java.nio.file.Path.of("x.db"),
                "it does not exist");
        assertThat(this.translator.translateExceptionIfPossible(notFound))
            .isInstanceOf(DataAccessResourceFailureException.class)
            .hasMessageContaining("cannot open x.db read-only: it does not exist")
            .hasCause(notFound);
    }

    @Test
    void leavesOtherExceptionsAlone() {
        assertThat(this.translator.translateExceptionIfPossible(new IllegalStateException("x"))).isNull();
    }

}
