package io.bigtransfer.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module layering of DESIGN.md, checked on the compiled main classes of every module. */
class ModuleLayeringTest {
    private static final List<String> MODULES = List.of("config", "backend", "streams", "model", "checkpoints", "actors");
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.bigtransfer");
    }

    @Test
    void everyModuleHasClasses() {
        for (String module : MODULES) {
            if (classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.bigtransfer." + module))) {
                throw new AssertionError("no main classes of module " + module + " were imported");
            }
        }
    }

    @Test
    void modulesDependOnlyOnLowerLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("io.bigtransfer.config..")
                .layer("tensor-backend").definedBy("io.bigtransfer.backend..")
                .layer("streams").definedBy("io.bigtransfer.streams..")
                .layer("model").definedBy("io.bigtransfer.model..")
                .layer("checkpoints").definedBy("io.bigtransfer.checkpoints..")
                .layer("actors").definedBy("io.bigtransfer.actors..")
                .whereLayer("actors").mayNotBeAccessedByAnyLayer()
                .whereLayer("checkpoints").mayOnlyBeAccessedByLayers("actors")
                .whereLayer("model").mayOnlyBeAccessedByLayers("actors")
                .whereLayer("streams").mayOnlyBeAccessedByLayers("checkpoints", "actors")
                .whereLayer("tensor-backend").mayOnlyBeAccessedByLayers("model", "checkpoints", "actors")
                .whereLayer("config").mayOnlyBeAccessedByLayers("tensor-backend", "streams", "model", "checkpoints", "actors")
                .check(classes);
    }

    @Test
    void nd4jIsUsedOnlyInTensorBackendAndModel() {
        noClasses().that().resideOutsideOfPackages("io.bigtransfer.backend..", "io.bigtransfer.model..")
                .should().dependOnClassesThat().resideInAPackage("org.nd4j..")
                .because("workers hand plain buffers to the model's gradient engine (DESIGN.md)")
                .check(classes);
    }

    @Test
    void noModuleReachesIntoAnothersInternals() {
        for (String module : MODULES) {
            String root = "io.bigtransfer." + module;
            noClasses().that().resideOutsideOfPackage(root + "..")
                    .should().dependOnClassesThat().resideInAPackage(root + ".internal..")
                    .check(classes);
        }
    }
}
