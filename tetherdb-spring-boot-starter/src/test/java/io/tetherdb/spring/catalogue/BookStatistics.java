package io.tetherdb.spring.catalogue;

import java.util.List;

import io.tetherdb.spring.repository.Aggregation;
import io.tetherdb.spring.repository.TetherRepository;

/**
 * Aggregations over the catalogue's books, as the reference page shows them.
 */
// tag::aggregation[]
public interface BookStatistics extends TetherRepository<Book, String> {
    record GenreCount(String genre, long books) { }

    @Aggregation({ "{$match: {'publisher.country': ?0}}",
            "{$group: {_id: '$genre', books: {$sum: 1}}}",
            "{$project: {_id: 0, genre: '$_id', books: 1}}", "{$sort: {genre: 1}}" })
    List<GenreCount> genresPublishedIn(String country);

    @Aggregation({ "{$match: {'authors.name': ?0}}", "{$count: 'n'}" })
    long countByAuthor(String name);
}
// end::aggregation[]
