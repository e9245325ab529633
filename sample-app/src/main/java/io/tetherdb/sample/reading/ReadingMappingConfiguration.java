package io.tetherdb.sample.reading;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.tetherdb.spring.mapping.TetherMappingJsonMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Jackson mapper the starter maps entities with: the application's own, plus one difference
 * between a {@link Reading}'s document and its API form. An untagged reading's document has no
 * {@code _tags} field, as it always had (so {@code {_tags: {$exists: false}}} finds untagged
 * readings), while the API shows {@code "_tags": []}, which the dashboard relies on. The document
 * keeps its fields in their established order, {@code expiresAt} before {@code _tags}.
 *
 * <p>Configuration classes are used once, at start-up, by the container.
 *
 * @since 0.1
 */
@Configuration(proxyBeanMethods = false)
class ReadingMappingConfiguration {

    @Bean
    TetherMappingJsonMapper tetherMappingJsonMapper(JsonMapper jsonMapper) {
        return new TetherMappingJsonMapper(jsonMapper.rebuild().addMixIn(Reading.class, ReadingDocument.class).build());
    }

    /** Jackson mix-in: what a reading's document does differently from its API form. */
    @JsonPropertyOrder({ "_id", "sensorId", "type", "value", "unit", "location", "ts", "timestamp", "expiresAt",
            "_tags" })
    private abstract static class ReadingDocument {

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<String> tags();

    }

}
