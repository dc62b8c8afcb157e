package io.textenrich.topology.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the declaration in {@link ServiceConfig#configDef()}, and the README names no key
 * that the service does not declare. To rewrite the file after changing a key, run this test with
 * {@code -Ddocs.write=true}.
 */
class ConfigurationDocsTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path DOCS = ROOT.resolve("docs/configuration.md");
  private static final Pattern KEY = Pattern.compile("`(enrich\\.[a-z0-9.]+[a-z0-9])`");
  /** Dead-letter header names share the prefix; they are not settings. */
  private static final Pattern HEADER = Pattern.compile("enrich\\.(error|source)\\..*");

  @Test
  void theConfigurationReferenceIsGeneratedFromTheDeclaration() throws IOException {
    String generated = ConfigurationReference.markdown();
    if (Boolean.getBoolean("docs.write")) {
      Files.writeString(DOCS, generated, StandardCharsets.UTF_8);
    }
    assertEquals(generated, Files.readString(DOCS, StandardCharsets.UTF_8),
        "docs/configuration.md differs from the declaration in ServiceConfig; regenerate it: mvn -pl topology -am test"
            + " -Dtest=ConfigurationDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.write=true");
  }

  @Test
  void everyKeyTheReadmeNamesIsDeclaredOrRetiredAndItsConfigurationSectionPointsToTheReference() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    List<String> unknown = new ArrayList<>();
    Matcher m = KEY.matcher(readme);
    while (m.find()) {
      String key = m.group(1);
      boolean declared = ServiceConfig.keys().contains(key) || ServiceConfig.keys().stream().anyMatch(k -> k.startsWith(key + "."))
          || ServiceConfig.RETIRED.containsKey(key);
      if (!declared && !HEADER.matcher(key).matches()) {
        unknown.add(key);
      }
    }
    assertEquals(List.of(), unknown, "README.md names keys the service does not declare");
    int section = readme.indexOf("\n## Configuration\n");
    assertTrue(section >= 0, "README.md has a Configuration section");
    String body = readme.substring(section + 1, readme.indexOf("\n## ", section + 1));
    assertTrue(body.contains("(docs/configuration.md)"), "the Configuration section links docs/configuration.md");
  }
}
