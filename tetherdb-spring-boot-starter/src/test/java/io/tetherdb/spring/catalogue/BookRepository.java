package io.tetherdb.spring.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.tetherdb.spring.catalogue.Book.Genre;
import io.tetherdb.spring.repository.TetherRepository;

/**
 * Repository of the catalogue's books; derived queries through nested records and lists.
 */
// tag::repository[]
public interface BookRepository extends TetherRepository<Book, String> {
    List<Book> findByPublisherCountry(String country);          // publisher.country, indexed
    List<Book> findByAuthorsName(String name);                  // any element of authors
    List<Book> findByAuthorsBirthplaceOrderByPublishedDesc(String birthplace);
    Stream<Book> streamByGenreAndPublishedAfter(Genre genre, Instant after);
}
// end::repository[]
