package io.tetherdb.spring.repository.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.projection.SpelAwareProxyProjectionFactory;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.DefaultRepositoryMetadata;
import org.springframework.data.repository.query.QueryCreationException;

import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.spring.repository.sample.Reading;

/**
 * Where an {@code @Aggregation} placeholder may stand: values in {@code $match} and expressions,
 * plain constants in {@code $limit}-like places, and nowhere that would make the argument pipeline
 * syntax (refused when the method is set up).
 */
class ParameterizedPipelineTests {

    @ParameterizedTest
    @ValueSource(strings = { "{$unwind: ?0}", "{$sort: {value: ?0}}", "{$count: ?0}", "{$unset: [?0]}",
            "{$lookup: {from: ?0, localField: 'a', foreignField: 'b', as: 'c'}}", "{$out: ?0}",
            "{$merge: {into: ?0}}", "{$project: {?0: 1}}", "{$match: {$and: ?0}}", "{$facet: {a: [{$sort: {x: ?0}}]}}" })
    void aPlaceholderThatWouldBeSyntaxIsRefused(String stage) throws Exception {
        assertThatExceptionOfType(QueryCreationException.class)
            .isThrownBy(() -> parse(stage))
            .withMessageContaining("a parameter cannot stand");
    }

    @Test
    void anInvalidPipelineIsRefusedAtStartUp() {
        assertThatExceptionOfType(QueryCreationException.class).isThrownBy(() -> parse("{$nope: 1}"))
            .withMessageContaining("Unsupported stage '$nope'");
        assertThatExceptionOfType(QueryCreationException.class).isThrownBy(() -> parse("{$match: {x: ?3}}"))
            .withMessageContaining("?3 refers to a parameter the method does not have");
    }

    @Test
    void valuesBindAsLiteralsAndConstantsAsScalars() throws Exception {
        ParameterizedPipeline pipeline = parse("{$match: {note: ?0}}",
                "{$project: {x: ?0, y: {$concat: ['a', ?0]}}}", "{$limit: ?0}",
                "{$bucket: {groupBy: '$v', boundaries: [?0, 100], default: ?0}}");
        List<Map<String, ?>> bound = pipeline.bind((index) -> 5);
        assertThat(bound.get(0)).isEqualTo(Map.of("$match", Map.of("note", 5)));
        assertThat(bound.get(1)).isEqualTo(Map.of("$project", Map.of("x", new Document("$literal", 5),
                "y", Map.of("$concat", List.of("a", new Document("$literal", 5))))));
        assertThat(bound.get(2)).isEqualTo(Map.of("$limit", 5));
        assertThat(bound.get(3)).isEqualTo(Map.of("$bucket", Map.of("groupBy", "$v", "boundaries", List.of(5, 100),
                "default", 5)));
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> pipeline.bind((index) -> Map.of("$gt", 1)))
            .withMessageContaining("stands for a constant");
    }

    private static ParameterizedPipeline parse(String... stages) throws NoSuchMethodException {
        Method method = Readings.class.getMethod("aggregate", Object.class);
        TetherQueryMethod queryMethod = new TetherQueryMethod(method, new DefaultRepositoryMetadata(Readings.class),
                new SpelAwareProxyProjectionFactory());
        try (TetherDB db = TetherDB.inMemory()) {
            return ParameterizedPipeline.parse(stages, queryMethod, (sample) -> db.collection("c").aggregate(sample));
        }
    }

    interface Readings extends Repository<Reading, String> {

        List<Reading> aggregate(Object value);

    }

}
