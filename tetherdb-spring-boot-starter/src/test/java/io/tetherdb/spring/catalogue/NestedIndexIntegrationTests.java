package io.tetherdb.spring.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tetherdb.Explanation;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.query.Filters;
import io.tetherdb.spring.catalogue.Book.Author;
import io.tetherdb.spring.catalogue.Book.Genre;
import io.tetherdb.spring.catalogue.Book.Publisher;
import io.tetherdb.spring.mapping.CompoundIndex;
import io.tetherdb.spring.mapping.Indexed;
import io.tetherdb.spring.mapping.TetherMappingContext;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.annotation.Id;
import org.springframework.data.mapping.MappingException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @Indexed} inside a nested record and inside a list of records indexes the dotted path
 * from the root entity; compound index keys may be dotted property paths; derived queries through
 * them use the indexes.
 */
@DataTetherTest
// explains queries over the committed indexes, which a test transaction's buffered writes are not in
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class NestedIndexIntegrationTests {

    @Autowired
    private BookRepository books;

    @Autowired
    private TetherDB db;

    @BeforeEach
    void load() {
        this.books.deleteAll();
        this.books.saveAll(List.of(
                book("b1", "Hunger", "Gyldendal", "NO", Genre.NOVEL, "1890-01-01T00:00:00Z",
                        new Author("Knut Hamsun", "Lom")),
                book("b2", "Growth of the Soil", "Knopf", "US", Genre.NOVEL, "1917-01-01T00:00:00Z",
                        new Author("Knut Hamsun", "Lom")),
                book("b3", "Peer Gynt", "Gyldendal", "DK", Genre.POETRY, "1867-11-14T00:00:00Z",
                        new Author("Henrik Ibsen", "Skien")),
                book("b4", "Anthology", "Aschehoug", "NO", Genre.POETRY, "1950-01-01T00:00:00Z",
                        new Author("Henrik Ibsen", "Skien"), new Author("Knut Hamsun", "Lom"))));
    }

    @Test
    void indexesExistOnTheDottedPathsFromTheRoot() {
        List<Map<String, Object>> keys = this.db.collection("books").listIndexes().stream()
            .map(IndexStatus::definition)
            .map((definition) -> (Map<String, Object>) definition.keys())
            .toList();
        assertThat(keys).contains(Map.of("title", 1), Map.of("publisher.country", 1), Map.of("authors.name", 1));
        assertThat(this.db.collection("books").listIndexes()).filteredOn(IndexStatus::multikey)
            .extracting((status) -> status.definition().keys().keySet())
            .as("an index through the authors list is multikey")
            .anySatisfy((fields) -> assertThat(fields).contains("authors.name"));
        assertThat(this.db.collection("books").listIndexes())
            .extracting((status) -> List.copyOf(status.definition().keys().entrySet()))
            .as("compound keys are mapped from property paths to the stored field names, in order")
            .contains(List.of(Map.entry("authors.birth_place", 1), Map.entry("published", -1)));
    }

    @Test
    void queriesOnNestedPathsUseTheIndexes() {
        TetherCollection collection = this.db.collection("books");

        Explanation byCountry = collection.find(Filters.eq("publisher.country", "NO")).explain();
        Explanation byAuthor = collection.find(Filters.eq("authors.name", "Henrik Ibsen")).explain();

        assertThat(byCountry.index()).isEqualTo(IndexDefinition.ascending("publisher.country").name());
        assertThat(byCountry.documentsExamined()).isEqualTo(2);
        assertThat(byAuthor.index()).isEqualTo(IndexDefinition.ascending("authors.name").name());
        assertThat(byAuthor.documentsExamined()).isEqualTo(2);
    }

    @Test
    void derivedQueriesThroughNestedRecordsAndLists() {
        assertThat(this.books.findByPublisherCountry("NO")).extracting(Book::id).containsExactlyInAnyOrder("b1", "b4");
        assertThat(this.books.findByAuthorsName("Henrik Ibsen")).extracting(Book::id)
            .containsExactlyInAnyOrder("b3", "b4");
        assertThat(this.books.findByAuthorsBirthplaceOrderByPublishedDesc("Lom")).extracting(Book::id)
            .containsExactly("b4", "b2", "b1");
    }

    @Test
    void recursiveTypesAreFollowedOnceAndMapValuesNotAtAll() {
        TetherMappingContext context = new TetherMappingContext();

        List<IndexDefinition> indexes = context.getIndexDefinitions(Shelf.class);

        assertThat(indexes).extracting((index) -> List.copyOf(index.keys().entrySet())).containsExactly(
                List.of(Map.entry("label", 1)), List.of(Map.entry("box.code", -1)),
                List.of(Map.entry("box.code", 1), Map.entry("box.size", 1)));
    }

    @Test
    void invalidNestedCompoundIndexNamesWhereItIs() {
        assertThatExceptionOfType(MappingException.class)
            .isThrownBy(() -> new TetherMappingContext().getIndexDefinitions(BadShelf.class))
            .withMessageContaining("@CompoundIndex(def = \"{code: 2}\")")
            .withMessageContaining("nested in " + BadShelf.class.getName() + " at box")
            .withMessageContaining("must be 1 or -1");
    }

    private static Book book(String id, String title, String publisher, String country, Genre genre,
            String published, Author... authors) {
        return new Book(id, title, new Publisher(publisher, country), List.of(authors), genre,
                Instant.parse(published), null);
    }

    record Shelf(@Id String id, @Indexed String label, List<Shelf> children, Box box, Map<String, Box> byName) {
    }

    @CompoundIndex(def = "{code: 1, size: 1}")
    record Box(@Indexed(descending = true) String code, int size, Shelf back) {
    }

    record BadShelf(@Id String id, BadBox box) {
    }

    @CompoundIndex(def = "{code: 2}")
    record BadBox(String code) {
    }

}
