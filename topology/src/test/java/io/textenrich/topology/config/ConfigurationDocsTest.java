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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the declaration in {@link ServiceConfig#configDef()}, and neither the README nor any
 * page in docs/ names a key that the service does not declare. To rewrite the file after changing a
 * key, run this test with {@code -Ddocs.write=true}.
 */
class ConfigurationDocsTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path DOCS = ROOT.resolve("docs/configuration.md");
  private static final Pattern KEY = Pattern.compile("`(enrich\\.[a-z0-9.]+[a-z0-9])`");
  /** Dead-letter header names and the settings file's name share the prefix; they are not settings. */
  private static final Pattern NOT_A_KEY = Pattern.compile("enrich\\.(error|source)\\..*|enrich\\.properties");

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
  void everyKeyTheDocsNameIsDeclaredOrRetired() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> unknown = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = KEY.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (m.find()) {
        String key = m.group(1);
        boolean declared = ServiceConfig.keys().contains(key) || ServiceConfig.keys().stream().anyMatch(k -> k.startsWith(key + "."))
            || ServiceConfig.RETIRED.containsKey(key);
        if (!declared && !NOT_A_KEY.matcher(key).matches()) {
          unknown.add(ROOT.relativize(page) + ": " + key);
        }
      }
    }
    assertTrue(pages.size() > 1, "the docs/ pages are read too");
    assertEquals(List.of(), unknown, "the docs name keys the service does not declare");
  }

  @Test
  void theReadmesConfigurationSectionPointsToTheReference() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("\n## Configuration\n");
    assertTrue(section >= 0, "README.md has a Configuration section");
    String body = readme.substring(section + 1, readme.indexOf("\n## ", section + 1));
    assertTrue(body.contains("(docs/configuration.md)"), "the Configuration section links docs/configuration.md");
  }
}
