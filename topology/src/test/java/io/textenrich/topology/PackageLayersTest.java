package io.textenrich.topology;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packages of the service depend on each other one way only, so each can be read and changed on its own. */
class PackageLayersTest {

  private static JavaClasses service;

  @BeforeAll
  static void importService() {
    service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.textenrich.topology");
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.textenrich.topology.(**)").should().beFreeOfCycles().check(service);
  }

  @Test
  void configurationKnowsNothingOfWhatItConfigures() {
    noClasses().that().resideInAPackage("..topology.config..")
        .should().dependOnClassesThat().resideInAnyPackage("..topology.stage..", "..topology.http..", "..topology.input..",
            "..topology.output..", "..topology.throughput..", "..topology.metrics..")
        .check(service);
  }

  @Test
  void stagesKnowNothingOfTheHttpEndpoint() {
    noClasses().that().resideInAPackage("..topology.stage..")
        .should().dependOnClassesThat().resideInAPackage("..topology.http..")
        .check(service);
  }

  @Test
  void theModelRuntimeKnowsNothingOfKafka() {
    noClasses().that().resideInAPackage("io.textenrich.model..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.textenrich.topology..")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.textenrich.model"));
  }
}
