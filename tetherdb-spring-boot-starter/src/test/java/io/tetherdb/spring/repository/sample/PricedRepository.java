package io.tetherdb.spring.repository.sample;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;

import io.tetherdb.spring.repository.Query;
import io.tetherdb.spring.repository.TetherRepository;

import org.springframework.data.domain.Sort;

/**
 * Derived and {@code @Query} methods over {@code BigDecimal} and {@code BigInteger} properties.
 */
public interface PricedRepository extends TetherRepository<Priced, String> {

    List<Priced> findByPrice(BigDecimal price);

    List<Priced> findByPriceNot(BigDecimal price);

    List<Priced> findByPriceGreaterThan(BigDecimal price);

    List<Priced> findByPriceGreaterThanEqual(BigDecimal price);

    List<Priced> findByPriceLessThan(BigDecimal price);

    List<Priced> findByPriceLessThanEqual(BigDecimal price);

    List<Priced> findByPriceBetween(BigDecimal low, BigDecimal high);

    List<Priced> findByPriceIn(Collection<BigDecimal> prices);

    List<Priced> findByPriceNotIn(Collection<BigDecimal> prices);

    List<Priced> findByDiscountIsNull();

    long countByPriceGreaterThan(BigDecimal price);

    boolean existsByPrice(BigDecimal price);

    List<Priced> findByStockGreaterThan(BigInteger stock);

    List<Priced> findAllByOrderByPriceDesc();

    List<Priced> findByPriceLessThan(BigDecimal price, Sort sort);

    @Query("{ 'price': { '$lt': ?0 } }")
    List<Priced> cheaperThan(BigDecimal price);

    @Query("{ 'price': { '$gte': ?0, '$lte': ?1 } }")
    List<Priced> pricedWithin(BigDecimal low, BigDecimal high);

    @Query("{ 'price': { '$gt': { '$numberDecimal': '20' } } }")
    List<Priced> dearerThanTwenty();

}
