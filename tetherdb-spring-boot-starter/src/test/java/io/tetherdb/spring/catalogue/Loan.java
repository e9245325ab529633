package io.tetherdb.spring.catalogue;

import java.time.Instant;

import io.tetherdb.spring.mapping.DocumentCollection;
import io.tetherdb.spring.mapping.Expires;
import io.tetherdb.spring.mapping.TimeToLive;

import org.springframework.data.annotation.Id;

/**
 * A loan of a book, which expires: the reference page's time-to-live example.
 */
// tag::loan[]
@DocumentCollection("loans")
@Expires(after = "P21D")                                 // default: three weeks from each save
public record Loan(@Id String id, String bookId, String reader,
                   @TimeToLive Instant due) {}           // its own expiry when set; null: the default
// end::loan[]
