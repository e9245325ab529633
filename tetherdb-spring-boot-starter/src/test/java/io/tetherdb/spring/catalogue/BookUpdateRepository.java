package io.tetherdb.spring.catalogue;

import java.util.Optional;

import io.tetherdb.spring.catalogue.Book.Author;
import io.tetherdb.spring.catalogue.Book.Genre;
import io.tetherdb.spring.repository.Query;
import io.tetherdb.spring.repository.TetherRepository;
import io.tetherdb.spring.repository.Update;

/**
 * Repository of the catalogue's books with {@code @Update} methods.
 */
// tag::updates[]
public interface BookUpdateRepository extends TetherRepository<Book, String> {
    @Update("{ '$set': { 'genre': ?1 } }")                         // filter derived from the name
    long findAndSetGenreByTitle(String title, Genre genre);        // how many were modified

    @Query("{ '_id': ?0 }")
    @Update("{ '$push': { 'authors': ?1 } }")                      // ?1 is one element, never $each
    Optional<Book> addAuthor(String id, Author author);            // the book as updated
}
// end::updates[]
