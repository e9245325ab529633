package io.tetherdb.spring.repository.sample;

import java.util.List;
import java.util.stream.Stream;

import io.tetherdb.spring.repository.Meta;
import io.tetherdb.spring.repository.Query;
import io.tetherdb.spring.repository.TetherRepository;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

/**
 * Query methods of every shape with a {@link Meta @Meta} time limit, and some without one.
 */
public interface TimedReadingRepository extends TetherRepository<Reading, String> {

    @Meta(maxExecutionTimeMs = 100)
    List<Reading> findByNoteRegex(String regex);

    @Meta(maxExecutionTimeMs = 100)
    @Query("{ 'note': { '$regex': ?0 } }")
    List<Reading> noteMatching(String regex);

    @Meta(maxExecutionTimeMs = 100)
    long countByNoteRegex(String regex);

    @Meta(maxExecutionTimeMs = 100)
    @Query(value = "{ 'note': { '$regex': ?0 } }", count = true)
    long countMatching(String regex);

    @Meta(maxExecutionTimeMs = 100)
    boolean existsByNoteRegex(String regex);

    @Meta(maxExecutionTimeMs = 100)
    long deleteByNoteRegex(String regex);

    @Meta(maxExecutionTimeMs = 100)
    @Query(value = "{ 'note': { '$regex': ?0 } }", delete = true)
    long deleteMatching(String regex);

    @Meta(maxExecutionTimeMs = 100)
    List<Reading> removeByNoteRegex(String regex);

    @Meta(maxExecutionTimeMs = 100)
    Stream<Reading> streamByNoteRegex(String regex);

    @Meta(maxExecutionTimeMs = 100)
    Page<Reading> findPageByNoteRegex(String regex, Pageable pageable);

    @Meta(maxExecutionTimeMs = 100)
    List<Reading> findBySensorRegex(String regex);

    /** No limit of its own: the store's applies. */
    List<Reading> readByNoteRegex(String regex);

    /** No limit of its own: the store's applies. */
    long countBySensorRegex(String regex);

    @Meta(maxExecutionTimeMs = 600)
    List<Reading> queryByNoteRegex(String regex);

    @Meta(maxExecutionTimeMs = 0)
    List<Reading> searchByNoteRegex(String regex);

}
