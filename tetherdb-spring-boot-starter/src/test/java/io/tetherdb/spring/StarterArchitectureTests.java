package io.tetherdb.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's layer rules, kept by the build: its Spring Data packages ({@code core},
 * {@code mapping}, {@code repository}) depend on Spring Data and Spring Framework only, never on
 * Spring Boot, so that they could become a Boot-free Spring Data module; Boot's wiring lives in
 * {@code autoconfigure} and {@code test.autoconfigure}.
 */
class StarterArchitectureTests {

    private static final String[] SPRING_DATA_PACKAGES = { "io.tetherdb.spring.core..",
            "io.tetherdb.spring.mapping..", "io.tetherdb.spring.repository..", "io.tetherdb.spring.mongodb.." };

    private static final JavaClasses STARTER = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.tetherdb.spring");

    @Test
    void springDataPackagesDoNotDependOnSpringBoot() {
        ArchRule rule = noClasses().that()
            .resideInAnyPackage(SPRING_DATA_PACKAGES)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.springframework.boot..")
            .because("the Spring Data layer must work without Spring Boot; Boot's wiring belongs in "
                    + "io.tetherdb.spring.autoconfigure");
        rule.check(STARTER);
    }

    @Test
    void onlyTheMongoDbBackendUsesTheOptionalDriver() {
        ArchRule rule = noClasses().that()
            .resideOutsideOfPackages("io.tetherdb.spring.mongodb..", "io.tetherdb.spring.autoconfigure.mongodb..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("com.mongodb..", "org.bson..")
            .because("the MongoDB driver is an optional dependency: the embedded backend must load without it");
        rule.check(STARTER);
    }

    @Test
    void theRuleSeesTheStartersClasses() {
        // an import that found nothing would make the rule above pass vacuously
        assertThat(STARTER.stream().map((type) -> type.getPackageName()))
            .contains("io.tetherdb.spring.core", "io.tetherdb.spring.mapping", "io.tetherdb.spring.repository",
                    "io.tetherdb.spring.autoconfigure");
        assertThat(STARTER.stream().filter((type) -> type.getSimpleName().endsWith("Tests"))).isEmpty();
    }

}
