package io.tetherdb.sample;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The sample shows TetherDB as an application uses it: through the public API only. Checks its main
 * and test classes alike.
 */
class ArchitectureTests {

    @Test
    void usesNoInternalType() {
        JavaClasses sample = new ClassFileImporter().importPackages("io.tetherdb.sample");
        noClasses().should().dependOnClassesThat().resideInAPackage("io.tetherdb.internal..")
                .because("io.tetherdb.internal is not API and may change in any release")
                .check(sample);
    }
}
