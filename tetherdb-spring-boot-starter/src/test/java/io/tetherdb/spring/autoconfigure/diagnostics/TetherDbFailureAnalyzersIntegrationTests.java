package io.tetherdb.spring.autoconfigure.diagnostics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.tetherdb.TetherDB;
import io.tetherdb.document.MalformedDocumentException;
import io.tetherdb.spring.TetherDbTestApplication;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.autoconfigure.TetherDbBuilderCustomizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Start-up failures of the store reach the developer as Boot failure analyses ("Description /
 * Action"), through the analyzers registered in {@code META-INF/spring.factories}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TetherDbFailureAnalyzersIntegrationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class));

    @Test
    void lockedStoreFileIsExplainedWhenTheApplicationStarts(@TempDir Path dir, CapturedOutput output) {
        Path file = dir.resolve("locked.db");
        try (TetherDB holder = TetherDB.open(file)) {
            SpringApplication application = new SpringApplication(TetherDbTestApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            assertThatException().isThrownBy(() -> application.run("--tetherdb.path=" + file));
        }
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Description:\n\nThe TetherDB store file '" + file.toAbsolutePath().normalize()
                    + "' is already open in this or another process.")
            .contains("Action:\n\nStop the other process using '" + file.toAbsolutePath().normalize() + "'")
            .contains("'tetherdb.path' property");
    }

    @Test
    void lockedStoreFileAnalysisOfTheRealStartupFailure(@TempDir Path dir) {
        Path file = dir.resolve("locked.db");
        try (TetherDB holder = TetherDB.open(file)) {
            this.contextRunner.withPropertyValues("tetherdb.path=" + file).run((context) -> {
                FailureAnalysis analysis = new StoreLockedFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis).isNotNull();
                assertThat(analysis.getDescription()).contains(file.toAbsolutePath().normalize().toString())
                    .contains("one opener at a time");
                assertThat(analysis.getAction()).contains("tetherdb.in-memory=true");
                assertThat(new CorruptStoreFailureAnalyzer().analyze(context.getStartupFailure()))
                    .as("only the analyzer of the failure's type answers").isNull();
            });
        }
    }

    @Test
    void damagedStoreFileIsExplainedWhenTheApplicationStarts(@TempDir Path dir, CapturedOutput output)
            throws IOException {
        Path file = dir.resolve("damaged.db");
        Files.write(file, "this is not a TetherDB file, only some text".repeat(200).getBytes(StandardCharsets.UTF_8));
        SpringApplication application = new SpringApplication(TetherDbTestApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatException().isThrownBy(() -> application.run("--tetherdb.path=" + file));

        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Description:\n\nTetherDB cannot read its store file '" + file.toAbsolutePath().normalize())
            .contains("Reason: TetherDB file " + file)
            .contains("Action:\n\nCheck that 'tetherdb.path' names a TetherDB file")
            .contains("restore it from a backup");
    }

    @Test
    void unwritableStoreFileIsExplainedWhenTheApplicationStarts(@TempDir Path dir, CapturedOutput output)
            throws IOException {
        Path file = dir.resolve("readonly.db");
        TetherDB.open(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        SpringApplication application = new SpringApplication(TetherDbTestApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatException().isThrownBy(() -> application.run("--tetherdb.path=" + file));

        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Description:\n\nTetherDB cannot open its store file '" + file.toAbsolutePath().normalize()
                    + "' for writing: the file is read-only (permissions r--r--r--).")
            .contains("Action:\n\nGive the application's user write access to")
            .contains("'tetherdb.read-only=true'");
    }

    @Test
    void missingFileOfAReadOnlyStoreIsExplained(@TempDir Path dir) {
        Path file = dir.resolve("missing.db");
        Throwable startupFailure = catchThrowable(() -> TetherDB.builder().path(file).readOnly(true).open());
        BeanCreationException failure = new BeanCreationException("tetherDB", "open failed", startupFailure);

        FailureAnalysis analysis = new StoreNotFoundFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).startsWith("The read-only TetherDB store '"
                + file.toAbsolutePath().normalize() + "' could not be opened: ")
            .contains("it does not exist");
        assertThat(analysis.getAction()).contains("'tetherdb.read-only=false'");
    }

    @Test
    void optionRefusedByTheBuilderNamesTheCustomizerThatSetIt() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true")
            .withBean(TetherDbBuilderCustomizer.class, () -> (builder) -> builder.pageSize(100))
            .run((context) -> {
                FailureAnalysis analysis = new InvalidTetherDbConfigurationFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis).isNotNull();
                assertThat(analysis.getDescription()).startsWith("The TetherDB store could not be configured: "
                        + "pageSize must be at least 512 bytes but was 100 (set by TetherDbBuilderCustomizer ");
                assertThat(analysis.getAction()).contains("TetherDbBuilderCustomizer")
                    .contains("docs/spring-reference.md");
            });
    }

    @Test
    void damagedDocumentMetAtStartupIsExplained() {
        BeanCreationException failure = new BeanCreationException("readingRepository", "index build failed",
                new org.springframework.dao.NonTransientDataAccessResourceException("damaged",
                        new MalformedDocumentException("Document claims 9 fields with 2 bytes left at byte 4")));

        FailureAnalysis analysis = new MalformedDocumentFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).contains("cannot be decoded")
            .contains("Document claims 9 fields with 2 bytes left at byte 4");
        assertThat(analysis.getAction()).contains("TetherDB.verify()");
    }

    @Test
    void everyAnalyzerIsRegisteredForBoot() {
        // some of Boot's own analyzers need a bean factory to be created; ours need nothing
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
            .load(FailureAnalyzer.class, null, (type, name, ex) -> {
                if (name.startsWith("io.tetherdb.")) {
                    throw new AssertionError(name + " cannot be created", ex);
                }
            });
        assertThat(analyzers).extracting((analyzer) -> analyzer.getClass().getSimpleName())
            .contains("StoreLockedFailureAnalyzer", "CorruptStoreFailureAnalyzer", "MalformedDocumentFailureAnalyzer",
                    "InvalidTetherDbConfigurationFailureAnalyzer", "StoreNotWritableFailureAnalyzer",
                    "StoreNotFoundFailureAnalyzer");
    }

}
