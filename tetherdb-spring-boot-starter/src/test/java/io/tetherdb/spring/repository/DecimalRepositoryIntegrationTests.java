package io.tetherdb.spring.repository;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.spring.repository.sample.Priced;
import io.tetherdb.spring.repository.sample.PricedRepository;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code BigDecimal} properties are the store's decimal type: every derived keyword, {@code @Query},
 * sorting and equality compare by numeric value (12.5 == 12.50), where text would compare letters
 * (9.99 > 25.00). The prices are the ones that gave wrong answers when decimals were stored as text.
 */
@DataTetherTest
// reads the stored documents through the store itself, which does not join a test's transaction
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class DecimalRepositoryIntegrationTests {

    @Autowired
    private PricedRepository items;

    @Autowired
    private TetherDB db;

    @BeforeEach
    void load() {
        this.items.deleteAll();
        this.items.saveAll(List.of(item("a", "7.99", null, 3), item("b", "9.99", "0.50", 40),
                item("c", "12.50", null, 500), item("d", "15.00", "1.00", 1),
                item("e", "25.00", null, 0)));
    }

    @Test
    void storedAsDecimalsWithTheirScaleAndReadBackExactly() {
        Document stored = this.db.collection("priced").get("c").orElseThrow();
        assertThat(stored.get("price")).isEqualTo(new BigDecimal("12.50"));
        assertThat(stored.get("stock")).isEqualTo(new BigDecimal(500));
        assertThat(this.items.findById("c").orElseThrow().price()).isEqualTo(new BigDecimal("12.50"));
        assertThat(this.items.findById("c").orElseThrow().stock()).isEqualTo(BigInteger.valueOf(500));
    }

    @Test
    void equalityIsByNumericValue() {
        assertThat(ids(this.items.findByPrice(new BigDecimal("12.5")))).containsExactly("c");
        assertThat(ids(this.items.findByPrice(new BigDecimal("15")))).containsExactly("d");
        assertThat(ids(this.items.findByPriceNot(new BigDecimal("12.500")))).containsExactlyInAnyOrder("a", "b", "d",
                "e");
        assertThat(ids(this.items.findByPriceIn(List.of(new BigDecimal("7.990"), new BigDecimal("25")))))
            .containsExactlyInAnyOrder("a", "e");
        assertThat(ids(this.items.findByPriceNotIn(List.of(new BigDecimal("7.990"), new BigDecimal("25")))))
            .containsExactlyInAnyOrder("b", "c", "d");
        assertThat(this.items.existsByPrice(new BigDecimal("9.990"))).isTrue();
        assertThat(this.items.existsByPrice(new BigDecimal("9.991"))).isFalse();
        assertThat(ids(this.items.findByDiscountIsNull())).containsExactlyInAnyOrder("a", "c", "e");
    }

    @Test
    void comparisonsAreNumeric() {
        assertThat(ids(this.items.findByPriceGreaterThan(new BigDecimal("15")))).containsExactly("e");
        assertThat(ids(this.items.findByPriceGreaterThanEqual(new BigDecimal("15")))).containsExactlyInAnyOrder("d",
                "e");
        assertThat(ids(this.items.findByPriceLessThan(new BigDecimal("10.00")))).containsExactlyInAnyOrder("a", "b");
        assertThat(ids(this.items.findByPriceLessThanEqual(new BigDecimal("12.5")))).containsExactlyInAnyOrder("a",
                "b", "c");
        assertThat(ids(this.items.findByPriceBetween(new BigDecimal("9.99"), new BigDecimal("15"))))
            .as("Between is exclusive").containsExactly("c");
        assertThat(this.items.countByPriceGreaterThan(new BigDecimal("9.99"))).isEqualTo(3);
        assertThat(ids(this.items.findByStockGreaterThan(BigInteger.valueOf(39)))).containsExactlyInAnyOrder("b",
                "c");
    }

    @Test
    void stringQueriesBindDecimalsAsValues() {
        assertThat(ids(this.items.cheaperThan(new BigDecimal("10.00")))).containsExactlyInAnyOrder("a", "b");
        assertThat(ids(this.items.pricedWithin(new BigDecimal("9.99"), new BigDecimal("15"))))
            .containsExactlyInAnyOrder("b", "c", "d");
        assertThat(ids(this.items.dearerThanTwenty())).containsExactly("e");
    }

    @Test
    void sortingIsNumeric() {
        assertThat(ids(this.items.findAll(Sort.by(Sort.Direction.DESC, "price")))).containsExactly("e", "d", "c", "b",
                "a");
        assertThat(ids(this.items.findAllByOrderByPriceDesc())).containsExactly("e", "d", "c", "b", "a");
        assertThat(ids(this.items.findByPriceLessThan(new BigDecimal("20"), Sort.by("price")))).containsExactly("a",
                "b", "c", "d");
    }

    @Test
    void aDecimalBeyondDecimal128IsRefusedAndNothingIsWritten() {
        Priced tooPrecise = new Priced("x", new BigDecimal("1.000000000000000000000000000000000001"), null,
                BigInteger.ONE);
        assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.items.save(tooPrecise))
            .withMessageContaining("price")
            .withMessageContaining("34");
        Priced tooMany = new Priced("y", BigDecimal.ONE, null, BigInteger.TEN.pow(40));
        assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.items.save(tooMany))
            .withMessageContaining("stock");
        assertThat(this.items.count()).isEqualTo(5);
    }

    private static Priced item(String id, String price, String discount, long stock) {
        return new Priced(id, new BigDecimal(price), (discount != null) ? new BigDecimal(discount) : null,
                BigInteger.valueOf(stock));
    }

    private static List<String> ids(Iterable<Priced> items) {
        return java.util.stream.StreamSupport.stream(items.spliterator(), false).map(Priced::id).toList();
    }

}
