package io.tetherdb.spring.repository;

import io.tetherdb.CorruptStoreException;
import io.tetherdb.DocumentTooLargeException;
import io.tetherdb.DuplicateKeyException;
import io.tetherdb.StoreClosedException;
import io.tetherdb.TetherException;
import io.tetherdb.StoreFailedException;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.document.MalformedDocumentException;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.spring.core.TetherExceptionTranslator;
import io.tetherdb.spring.core.UncategorizedTetherException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.NonTransientDataAccessResourceException;

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
    void leavesOtherExceptionsAlone() {
        assertThat(this.translator.translateExceptionIfPossible(new IllegalStateException("x"))).isNull();
    }

}
