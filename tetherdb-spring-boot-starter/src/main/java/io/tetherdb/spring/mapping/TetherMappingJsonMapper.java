package io.tetherdb.spring.mapping;

import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

/**
 * Holds the Jackson {@link JsonMapper} that TetherDB uses to convert entities to documents and
 * back: the application's own mapper when it defines one, so entities are mapped with the same
 * modules and settings as the rest of the application, otherwise a default mapper.
 *
 * <p>Immutable and thread-safe; {@link JsonMapper} itself is thread-safe once built.
 *
 * @since 0.1
 */
public final class TetherMappingJsonMapper {

    private final JsonMapper jsonMapper;

    /**
     * @param jsonMapper the mapper; not null
     */
    public TetherMappingJsonMapper(JsonMapper jsonMapper) {
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper must not be null");
    }

    /** @return the mapper used for entity mapping */
    public JsonMapper getJsonMapper() {
        return this.jsonMapper;
    }
}
