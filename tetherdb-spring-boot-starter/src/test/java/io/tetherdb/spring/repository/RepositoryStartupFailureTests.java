package io.tetherdb.spring.repository;

import java.util.List;

import io.tetherdb.spring.autoconfigure.DataTetherAutoConfiguration;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.autoconfigure.DataTetherRepositoriesAutoConfiguration;
import io.tetherdb.spring.repository.config.EnableTetherRepositories;
import io.tetherdb.spring.repository.sample.Reading;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.QueryCreationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query method that cannot work fails the application's start-up with a message naming it.
 */
class RepositoryStartupFailureTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class, DataTetherAutoConfiguration.class,
                DataTetherRepositoriesAutoConfiguration.class))
        .withPropertyValues("tetherdb.in-memory=true");

    @Test
    void inexpressibleKeyword() {
        assertFailure(NearRepository.class, "findByValueNear", "NEAR");
    }

    @Test
    void patternKeywordOnANumber() {
        assertFailure(LikeNumberRepository.class, "findByValueLike", "needs a string property");
    }

    @Test
    void spelInQuery() {
        assertFailure(SpelRepository.class, "bySpel", "SpEL expressions");
    }

    @Test
    void placeholderInsideALongerString() {
        assertFailure(QuotedRepository.class, "quoted", "placeholder ?0 inside the string 'prefix-?0' is not supported");
    }

    @Test
    void windowWithoutAScrollPosition() {
        assertFailure(WindowRepository.class, "findBySensor", "needs to have a ScrollPosition parameter");
    }

    @Test
    void placeholderAsFieldName() {
        assertFailure(KeyRepository.class, "key", "cannot stand for a field name");
    }

    @Test
    void placeholderAsLogicalOperand() {
        assertFailure(OrRepository.class, "or", "operand of $or");
    }

    @Test
    void placeholderBeyondTheParameters() {
        assertFailure(IndexRepository.class, "beyond", "?1 refers to a parameter the method does not have");
    }

    @Test
    void unknownNamedParameter() {
        assertFailure(NameRepository.class, "unnamed", ":nope names no parameter");
    }

    @Test
    void unknownOperator() {
        assertFailure(OperatorRepository.class, "unknown", "$foo");
    }

    @Test
    void malformedJson() {
        assertFailure(JsonRepository.class, "malformed", "not valid JSON");
    }

    @Test
    void sortOnADollarName() {
        assertFailure(SortRepository.class, "dollarSort", "$where");
    }

    @Test
    void sortNamingAFieldTwice() {
        assertFailure(TwiceSortRepository.class, "twiceSort", "'sensor' appears twice");
    }

    @Test
    void negativeMetaTimeLimit() {
        assertFailure(MetaRepository.class, "negativeLimit", "@Meta(maxExecutionTimeMs = -5) must be positive");
    }

    private void assertFailure(Class<?> repository, String method, String reason) {
        this.contextRunner.withUserConfiguration(configurationFor(repository)).run((context) -> {
            assertThat(context).hasFailed();
            QueryCreationException failure = null;
            for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
                if (cause instanceof QueryCreationException creation) {
                    failure = creation;
                }
            }
            assertThat(failure).as("start-up failure of %s", method).isNotNull();
            assertThat(failure.getMessage()).contains(method).contains(reason);
        });
    }

    private static Class<?> configurationFor(Class<?> repository) {
        for (Class<?> candidate : RepositoryStartupFailureTests.class.getDeclaredClasses()) {
            EnableTetherRepositories enable = candidate.getAnnotation(EnableTetherRepositories.class);
            if (enable != null && enable.includeFilters()[0].classes()[0] == repository) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(repository.getName());
    }

    interface NearRepository extends TetherRepository<Reading, String> {

        List<Reading> findByValueNear(double value);

    }

    interface LikeNumberRepository extends TetherRepository<Reading, String> {

        List<Reading> findByValueLike(double value);

    }

    interface SpelRepository extends Repository<Reading, String> {

        @Query("{ 'sensor': ?#{[0]} }")
        List<Reading> bySpel(String sensor);

    }

    interface QuotedRepository extends Repository<Reading, String> {

        @Query("{ 'sensor': 'prefix-?0' }")
        List<Reading> quoted(String sensor);

    }

    interface WindowRepository extends Repository<Reading, String> {

        Window<Reading> findBySensor(String sensor);

    }

    interface KeyRepository extends Repository<Reading, String> {

        @Query("{ ?0: 1 }")
        List<Reading> key(String field);

    }

    interface OrRepository extends Repository<Reading, String> {

        @Query("{ '$or': ?0 }")
        List<Reading> or(List<Object> filters);

    }

    interface IndexRepository extends Repository<Reading, String> {

        @Query("{ 'sensor': ?1 }")
        List<Reading> beyond(String sensor);

    }

    interface NameRepository extends Repository<Reading, String> {

        @Query("{ 'sensor': :nope }")
        List<Reading> unnamed(String sensor);

    }

    interface OperatorRepository extends Repository<Reading, String> {

        @Query("{ 'sensor': { '$foo': ?0 } }")
        List<Reading> unknown(String sensor);

    }

    interface SortRepository extends Repository<Reading, String> {

        @Query(value = "{ 'sensor': ?0 }", sort = "{ '$where': 1 }")
        List<Reading> dollarSort(String sensor);

    }

    interface TwiceSortRepository extends Repository<Reading, String> {

        @Query(value = "{ 'sensor': ?0 }", sort = "{ 'sensor': 1, 'sensor': -1 }")
        List<Reading> twiceSort(String sensor);

    }

    interface JsonRepository extends Repository<Reading, String> {

        @Query("{ 'sensor': ?0 ")
        List<Reading> malformed(String sensor);

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = WindowRepository.class))
    static class WindowConfiguration {

    }

    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = SortRepository.class))
    static class SortConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = TwiceSortRepository.class))
    static class TwiceSortConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = NearRepository.class))
    static class NearConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = LikeNumberRepository.class))
    static class LikeNumberConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = SpelRepository.class))
    static class SpelConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = QuotedRepository.class))
    static class QuotedConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = KeyRepository.class))
    static class KeyConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = OrRepository.class))
    static class OrConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = IndexRepository.class))
    static class IndexConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = NameRepository.class))
    static class NameConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = OperatorRepository.class))
    static class OperatorConfiguration {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = JsonRepository.class))
    static class JsonConfiguration {

    }

    interface MetaRepository extends TetherRepository<Reading, String> {

        @Meta(maxExecutionTimeMs = -5)
        List<Reading> negativeLimit(String sensor);

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(considerNestedRepositories = true,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = MetaRepository.class))
    static class MetaConfiguration {

    }

}
