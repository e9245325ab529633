package io.tetherdb.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the configuration metadata that the annotation processor generates from
 * {@link TetherDbProperties}: every key is there, with a description in Boot's style.
 */
class TetherDbPropertiesMetadataTests {

    @Test
    void everyPropertyHasADescriptionInBootStyle() throws IOException {
        JsonNode metadata;
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            if (!name.startsWith("tetherdb.")) {
                continue;
            }
            names.add(name);
            String description = property.path("description").asString("");
            assertThat(description).as(name).isNotBlank().doesNotStartWith("The ").doesNotStartWith("A ");
            if (property.get("type").asString().equals("java.lang.Boolean")) {
                assertThat(description).as(name).startsWith("Whether ");
            }
            // an unset backup directory or schedule means no backups, an unset password a plain store,
            // an unset cache size the core's share of the heap: those four have no default
            if (!name.equals("tetherdb.backup.directory") && !name.equals("tetherdb.backup.schedule")
                    && !name.equals("tetherdb.encryption.password") && !name.equals("tetherdb.cache-size")
                    && !name.equals("tetherdb.mongodb.uri") && !name.equals("tetherdb.mongodb.database")) {
                assertThat(property.has("defaultValue")).as(name + " default").isTrue();
            }
        }
        assertThat(names).containsExactlyInAnyOrder("tetherdb.path", "tetherdb.in-memory", "tetherdb.flush.threshold",
                "tetherdb.flush.interval", "tetherdb.flush.adaptive", "tetherdb.cache-size", "tetherdb.page-size",
                "tetherdb.compression.enabled", "tetherdb.compression.min-size", "tetherdb.max-document-size",
                "tetherdb.ttl.cleanup-interval", "tetherdb.ttl.cleanup-enabled", "tetherdb.repositories.enabled",
                "tetherdb.entity-lifecycle-events.enabled",
                "tetherdb.read-only", "tetherdb.file-permissions", "tetherdb.query.max-time",
                "tetherdb.backup.directory", "tetherdb.backup.schedule", "tetherdb.backup.keep",
                "tetherdb.transaction.durable", "tetherdb.transaction.max-age", "tetherdb.transaction.size-limit",
                "tetherdb.encryption.password", "tetherdb.encryption.kdf-memory", "tetherdb.encryption.kdf-iterations",
                "tetherdb.encryption.kdf-parallelism", "tetherdb.backend", "tetherdb.mongodb.uri",
                "tetherdb.mongodb.database",
                "tetherdb.console.enabled", "tetherdb.console.path", "tetherdb.console.allow-writes",
                "tetherdb.console.allow-remote", "tetherdb.console.role", "tetherdb.events.expired",
                "tetherdb.events.history-max-events", "tetherdb.events.history-max-age");
        Map<String, String> expectedDefaults = Map.of("tetherdb.path", "data/tetherdb.db", "tetherdb.ttl.cleanup-interval",
                "60s", "tetherdb.file-permissions", "rw-------", "tetherdb.query.max-time", "0",
                "tetherdb.console.path", "/tetherdb-console", "tetherdb.console.role", "TETHERDB_CONSOLE");
        for (JsonNode property : metadata.get("properties")) {
            String expected = expectedDefaults.get(property.get("name").asString());
            if (expected != null) {
                assertThat(property.get("defaultValue").asString()).isEqualTo(expected);
            }
        }
    }
}
