package io.tetherdb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.LinkedHashSet;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer rules of the core, checked on its compiled main classes: the public API never exposes
 * {@code io.tetherdb.internal}, only the storage package touches H2, internals do not reach back
 * into the facade, and packages form no cycle.
 */
class ArchitectureTests {

    static final String INTERNAL = "io.tetherdb.internal..";

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tetherdb");
    }

    @Test
    void onlyTheStoragePackageUsesH2() {
        noClasses().that().resideOutsideOfPackage("io.tetherdb.internal.store..")
                .should().dependOnClassesThat().resideInAPackage("org.h2..")
                .because("only the storage binding may know the engine underneath, so that it can change")
                .check(core);
    }

    @Test
    void publicApiExposesNoInternalType() {
        ArchRule signatures = members().that().areDeclaredInClassesThat(PUBLIC_API_CLASS)
                .and(PUBLIC_OR_PROTECTED)
                .should(exposeNoInternalType())
                .because("code outside io.tetherdb must be able to use the API without touching internals");
        signatures.check(core);
        ArchRule supertypes = classes().that(PUBLIC_API_CLASS)
                .should(extendNoInternalType())
                .because("a public type whose supertype is internal exposes that supertype's members");
        supertypes.check(core);
    }

    @Test
    void internalsDoNotDependOnTheFacade() {
        noClasses().that().resideInAPackage(INTERNAL)
                .should().dependOnClassesThat().resideInAPackage("io.tetherdb")
                .because("the facade package depends on everything, so a dependency back would be a cycle")
                .check(core);
    }

    @Test
    void packagesFormNoCycle() {
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(core);
    }

    /** One slice per package, so that a cycle between any two packages fails. */
    static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return javaClass.getPackageName().startsWith("io.tetherdb")
                    ? SliceIdentifier.of(javaClass.getPackageName())
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "each package of io.tetherdb";
        }
    };

    /** A class that code in other packages can name: public, and enclosed in public classes only. */
    static final DescribedPredicate<JavaClass> PUBLIC_API_CLASS =
            new DescribedPredicate<>("public classes outside io.tetherdb.internal") {

                @Override
                public boolean test(JavaClass javaClass) {
                    if (javaClass.getPackageName().startsWith("io.tetherdb.internal")) {
                        return false;
                    }
                    for (JavaClass c = javaClass; c != null; c = c.getEnclosingClass().orElse(null)) {
                        if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
                            return false;
                        }
                    }
                    return true;
                }
            };

    static final DescribedPredicate<JavaMember> PUBLIC_OR_PROTECTED =
            new DescribedPredicate<>("are public or protected") {

                @Override
                public boolean test(JavaMember member) {
                    Set<JavaModifier> modifiers = member.getModifiers();
                    return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
                            && !modifiers.contains(JavaModifier.SYNTHETIC) && !modifiers.contains(JavaModifier.BRIDGE);
                }
            };

    static ArchCondition<JavaMember> exposeNoInternalType() {
        return new ArchCondition<>("expose no type of io.tetherdb.internal") {

            @Override
            public void check(JavaMember member, ConditionEvents events) {
                Set<JavaClass> exposed = new LinkedHashSet<>();
                if (member instanceof JavaCodeUnit codeUnit) {
                    exposed.addAll(codeUnit.getReturnType().getAllInvolvedRawTypes());
                    for (JavaType parameter : codeUnit.getParameterTypes()) {
                        exposed.addAll(parameter.getAllInvolvedRawTypes());
                    }
                    exposed.addAll(codeUnit.getExceptionTypes());
                } else if (member instanceof JavaField field) {
                    exposed.addAll(field.getType().getAllInvolvedRawTypes());
                }
                for (JavaClass type : exposed) {
                    if (type.getPackageName().startsWith("io.tetherdb.internal")) {
                        events.add(SimpleConditionEvent.violated(member,
                                member.getFullName() + " exposes internal type " + type.getName()));
                    }
                }
            }
        };
    }

    static ArchCondition<JavaClass> extendNoInternalType() {
        return new ArchCondition<>("extend or implement no type of io.tetherdb.internal") {

            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Set<JavaClass> supertypes = new LinkedHashSet<>();
                javaClass.getRawSuperclass().ifPresent(supertypes::add);
                supertypes.addAll(javaClass.getRawInterfaces());
                for (JavaClass type : supertypes) {
                    if (type.getPackageName().startsWith("io.tetherdb.internal")) {
                        events.add(SimpleConditionEvent.violated(javaClass,
                                javaClass.getName() + " extends internal type " + type.getName()));
                    }
                }
            }
        };
    }
}
