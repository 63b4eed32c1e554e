package dev.fairway.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the request's journey and depend one way: no cycle between any two of them
 * (sub-packages count with their parent: {@code provider.openai} is part of {@code provider}).
 */
class PackageCyclesTest {
  // The gateway's own class directory only: scanning the classpath's jars (ONNX models among
  // them) for a package name would take far longer than the check.
  static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importLocations(List.of(Location.of(dev.fairway.Gateway.class.getProtectionDomain().getCodeSource().getLocation())));

  @Test
  void noTwoPackagesDependOnEachOther() {
    slices().matching("dev.fairway.(*)..").should().beFreeOfCycles().check(MAIN);
  }
}
