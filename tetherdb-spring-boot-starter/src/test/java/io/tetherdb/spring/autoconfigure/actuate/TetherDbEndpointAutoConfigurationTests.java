package io.tetherdb.spring.autoconfigure.actuate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherDB;
import io.tetherdb.spring.actuate.TetherDbEndpoint;
import io.tetherdb.spring.actuate.TetherDbEndpoint.BackupDescriptor;
import io.tetherdb.spring.actuate.TetherDbEndpoint.StoreDescriptor;
import io.tetherdb.spring.actuate.TetherDbEndpoint.VerifyDescriptor;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.autoconfigure.backup.TetherDbBackupAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link TetherDbEndpointAutoConfiguration} and {@link TetherDbEndpoint}.
 */
class TetherDbEndpointAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class, TetherDbBackupAutoConfiguration.class,
                TetherDbEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=tetherdb");

    @TempDir
    Path directory;

    @Test
    void describesCollectionsCountsIndexesSizeAndTheLastVerify() {
        Path file = this.directory.resolve("app.db");
        this.contextRunner.withPropertyValues("tetherdb.path=" + file).run((context) -> {
            TetherDB db = context.getBean(TetherDB.class);
            db.collection("people").createIndex("{age: 1}");
            db.collection("people").put(Map.of("age", 30), PutOptions.id("a").ttl(Duration.ofHours(1)));
            db.collection("people").put(Map.of("age", 40));
            db.collection("things").put(Map.of("x", 1));
            db.flush();
            TetherDbEndpoint endpoint = context.getBean(TetherDbEndpoint.class);

            StoreDescriptor store = endpoint.stores().stores().get("tetherDB");
            assertThat(store.path()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(store.formatVersion()).isEqualTo(3);
            assertThat(store.size()).isPositive();
            assertThat(store.documents()).isEqualTo(3);
            assertThat(store.expiring()).isEqualTo(1);
            assertThat(store.lastVerify()).isNull();
            assertThat(store.collections()).extracting("name", "documents")
                .containsExactly(tuple("people", 2L),
                        tuple("things", 1L));
            assertThat(store.collections().get(0).indexes()).singleElement()
                .satisfies((index) -> assertThat(index.name()).isEqualTo("age_1"))
                .satisfies((index) -> assertThat(index.entries()).isEqualTo(2));
            assertThat(endpoint.stores().backupDirectory()).isNull();

            Map<String, Object> verified = endpoint.operate("verify", null);
            assertThat(((VerifyDescriptor) verified.get("tetherDB")).clean()).isTrue();
            VerifyDescriptor last = endpoint.stores().stores().get("tetherDB").lastVerify();
            assertThat(last.clean()).isTrue();
            assertThat(last.documents()).isEqualTo(3);
            assertThat(last.at()).isNotNull();
        });
    }

    @Test
    void theWriteOperationTakesABackupIntoTheConfiguredDirectory() {
        Path backups = this.directory.resolve("backups");
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true", "tetherdb.backup.directory=" + backups)
            .run((context) -> {
                context.getBean(TetherDB.class).put(Map.of("v", 1));
                TetherDbEndpoint endpoint = context.getBean(TetherDbEndpoint.class);
                assertThat(endpoint.stores().backupDirectory()).isEqualTo(backups.toAbsolutePath().toString());

                BackupDescriptor backup = (BackupDescriptor) endpoint.operate(null, "tetherDB").get("tetherDB");

                assertThat(Path.of(backup.file())).hasParent(backups.toAbsolutePath()).exists();
                assertThat(backup.documents()).isEqualTo(1);
                try (TetherDB copy = TetherDB.builder().path(Path.of(backup.file())).readOnly(true).open()) {
                    assertThat(copy.count()).isEqualTo(1);
                }
            });
    }

    @Test
    void badWriteRequestsAreRefused() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true").run((context) -> {
            TetherDbEndpoint endpoint = context.getBean(TetherDbEndpoint.class);
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.operate("backup", null))
                .withMessageContaining("set tetherdb.backup.directory");
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.operate("shred", null))
                .withMessageContaining("Unknown operation 'shred'");
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.operate("verify", "other"))
                .withMessageContaining("No TetherDB store named 'other'");
        });
    }

    @Test
    void noEndpointUnlessExposedOrWithoutActuator() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class,
                    TetherDbEndpointAutoConfiguration.class))
            .withPropertyValues("tetherdb.in-memory=true")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TetherDbEndpoint.class));
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true")
            .withClassLoader(new FilteredClassLoader(Endpoint.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TetherDbEndpoint.class));
    }

    @Test
    void noEndpointWithoutAStore() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TetherDbEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=tetherdb")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TetherDbEndpoint.class));
    }

}
