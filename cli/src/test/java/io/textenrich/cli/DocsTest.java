package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README and the pages in docs/ tell a reader to paste works as written: every settings
 * block is a configuration the service's own parser accepts, every {@code bin/enrich} command line
 * is one the real command line accepts (parsed, not run), every repository path a command names
 * exists, and every link between the pages leads to a page and heading that exist.
 */
class DocsTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static DocsCheck.Report report;

  @BeforeAll
  static void checkThePages() throws IOException {
    report = DocsCheck.check(ROOT, DocsCheck.pages(ROOT));
    System.out.println("Docs blocks checked:\n  " + String.join("\n  ", report.checked())
        + "\nDocs blocks not checked:\n  " + String.join("\n  ", report.skipped()));
  }

  @Test
  void everySettingsBlockIsAConfigurationTheServiceAccepts() {
    assertNone("settings blocks that would not work when pasted", report.settingsProblems());
  }

  @Test
  void everyEnrichCommandLineIsOneTheCommandLineAccepts() {
    assertNone("command lines the enrich command would refuse", report.commandProblems());
  }

  @Test
  void everyRepositoryPathACommandNamesExists() {
    assertNone("commands that name what the repository does not have", report.pathProblems());
  }

  @Test
  void everyLinkBetweenThePagesLeadsToAPageAndHeadingThatExist() {
    assertNone("broken links", report.linkProblems());
  }

  private static void assertNone(String what, List<String> problems) {
    assertTrue(problems.isEmpty(), what + ":\n" + String.join("\n", problems));
  }

  @Test
  void theReadmesSettingsAndCommandsAreAmongTheCheckedBlocks() {
    assertTrue(report.checked().stream().anyMatch(b -> b.startsWith("README.md:") && b.endsWith("[properties]")),
        "the README's settings block is checked: " + report.checked());
    assertTrue(report.checked().stream().filter(b -> b.startsWith("README.md:") && b.endsWith("[bash]")).count() >= 3,
        "the README's command blocks are checked: " + report.checked());
    assertTrue(report.checked().stream().anyMatch(b -> b.startsWith("docs/")), "the docs pages are checked: " + report.checked());
  }

  @Test
  void theCheckFindsWhatAPasteWouldBreakOn(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("docker"));
    Files.createDirectories(root.resolve("helm/text-enrichment"));
    Files.writeString(root.resolve("helm/text-enrichment/values.yaml"), "replicaCount: 2\nconfig: {}\n");
    Files.writeString(root.resolve("README.md"), """
        # Page

        ## A heading

        ```properties
        enrich.batch.max.records=64   # the default
        ```

        ```properties
        enrich.batch.maxrecords=64
        ```

        ```properties
        enrich.model.device=tpu
        ```

        <!-- docs-check: skip: a consumer's settings -->
        ```properties
        schema.registry.url=http://registry:8081
        ```

        ```bash
        $ bin/enrich embed --no-such-option "a text"
        {"text":"a text"}
        $ bin/enrich no-such-command
        $ docker build -f docker/Dockerfile.missing .
        $ mvn -B -pl nosuchmodule test
        ```

        ```yaml
        replicas: 3
        config:
          enrich.batch.max.delay.ms: "soon"
        ```

        [fine](#a-heading), [gone](docs/gone.md), [no heading](#nowhere)
        """, StandardCharsets.UTF_8);

    DocsCheck.Report found = DocsCheck.check(root, DocsCheck.pages(root));

    List<String> settings = found.settingsProblems();
    assertEquals(6, settings.size(), String.join("\n", settings));
    assertTrue(settings.get(0).startsWith("README.md:6: a '#' after a value"), settings.get(0));
    assertTrue(settings.get(1).startsWith("README.md:6: the service's configuration parser refuses")
        && settings.get(1).contains("the default"), settings.get(1));
    assertTrue(settings.get(2).startsWith("README.md:10: ") && settings.get(2).contains("enrich.batch.maxrecords"), settings.get(2));
    assertTrue(settings.get(3).startsWith("README.md:14: ") && settings.get(3).contains("tpu"), settings.get(3));
    assertEquals("README.md:30: values the chart (helm/text-enrichment/values.yaml) does not have: [replicas]", settings.get(4));
    assertTrue(settings.get(5).startsWith("README.md:30: the service's configuration parser refuses its config")
        && settings.get(5).contains("enrich.batch.max.delay.ms"), settings.get(5));
    assertEquals(List.of("README.md:18 [properties]: a consumer's settings (checked for comments after values only)"),
        found.skipped());
    assertEquals(2, found.commandProblems().size(), String.join("\n", found.commandProblems()));
    assertTrue(found.commandProblems().get(0).startsWith("README.md:23: bin/enrich embed --no-such-option")
        && found.commandProblems().get(0).contains("--no-such-option"), found.commandProblems().get(0));
    assertTrue(found.commandProblems().get(1).startsWith("README.md:25: bin/enrich no-such-command")
        && found.commandProblems().get(1).contains("no-such-command"), found.commandProblems().get(1));
    assertEquals(List.of("README.md:26: docker/Dockerfile.missing does not exist in the repository",
        "README.md:27: mvn -pl names nosuchmodule, which is no module of the build"), found.pathProblems());
    assertEquals(List.of("README.md:36: link docs/gone.md: no such file", "README.md:36: link #nowhere: no such heading in README.md"),
        found.linkProblems());
  }

  @Test
  void shellLinesSplitIntoCommandsAndWordsAsAShellWould() {
    List<ShellWords.Command> commands = ShellWords.commands(List.of(
        "echo '{\"id\":\"1\"}' | bin/enrich produce --topic raw-text   # a comment",
        "ENRICH_JAVA_OPTS=-Xmx4g bin/enrich embed \"two words\" && bin/enrich tail \\",
        "    --topic enriched-text"));
    assertEquals(List.of(
        new ShellWords.Command(0, List.of("echo", "{\"id\":\"1\"}")),
        new ShellWords.Command(0, List.of("bin/enrich", "produce", "--topic", "raw-text")),
        new ShellWords.Command(1, List.of("bin/enrich", "embed", "two words")),
        new ShellWords.Command(1, List.of("bin/enrich", "tail", "--topic", "enriched-text"))), commands);
    assertEquals(List.of(new ShellWords.Command(0, List.of("bin/enrich", "embed", "x"))),
        ShellWords.commands(List.of("$ bin/enrich embed x", "{\"vector\":[0.1]}")));
  }
}
