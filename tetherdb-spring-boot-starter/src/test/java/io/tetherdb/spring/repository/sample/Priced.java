package io.tetherdb.spring.repository.sample;

import java.math.BigDecimal;
import java.math.BigInteger;

import io.tetherdb.spring.mapping.DocumentCollection;
import io.tetherdb.spring.mapping.Indexed;

import org.springframework.data.annotation.Id;

/**
 * An item with money and a large count: the decimal mapping's test entity.
 */
@DocumentCollection("priced")
public record Priced(@Id String id, @Indexed BigDecimal price, BigDecimal discount, BigInteger stock) {
}
