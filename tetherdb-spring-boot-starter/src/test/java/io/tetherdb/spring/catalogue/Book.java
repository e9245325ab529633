package io.tetherdb.spring.catalogue;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tetherdb.spring.mapping.CompoundIndex;
import io.tetherdb.spring.mapping.DocumentCollection;
import io.tetherdb.spring.mapping.Indexed;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * The library catalogue's book: nested records, a list of records, an enum, an instant and a
 * version; the reference page's running example.
 */
// tag::book[]
@DocumentCollection("books")
@CompoundIndex(def = "{'authors.birthplace': 1, published: -1}")  // property paths, mapped to field names
public record Book(@Id String id,
                   @Indexed String title,
                   Publisher publisher,                       // nested record: @Indexed inside works
                   List<Author> authors,                      // list of records: so does this
                   Genre genre,
                   Instant published,
                   @Version Long version) {

    public record Publisher(String name, @Indexed String country) {}   // index on publisher.country

    public record Author(@Indexed String name,                         // index on authors.name
                         @JsonProperty("birth_place") String birthplace) {}    // stored as authors.birth_place

    public enum Genre { NOVEL, POETRY, ESSAY }
}
// end::book[]
