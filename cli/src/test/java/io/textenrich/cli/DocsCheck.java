package io.textenrich.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.textenrich.topology.config.ServiceConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Reads the fenced blocks of Markdown pages and checks what a reader would paste from them: a
 * {@code properties} block must be a configuration the service accepts, a {@code yaml} block is a
 * values file of the Helm chart (every value it sets is one the chart has, and its {@code config}
 * is a configuration the service accepts), a {@code bin/enrich} line in a shell block must be one
 * the command line accepts, and a path under the repository that a command names must exist. A page marks a block it does not want checked with
 * {@code <!-- docs-check: skip: REASON -->} on the line before its fence; a properties block is then
 * still checked for comments after values, which no properties file has.
 */
final class DocsCheck {

  /** What was found, as {@code page:line: what is wrong}, and what was and was not checked. */
  record Report(List<String> settingsProblems, List<String> commandProblems, List<String> pathProblems,
      List<String> linkProblems, List<String> checked, List<String> skipped) {}

  private static final Pattern SKIP = Pattern.compile("<!--\\s*docs-check:\\s*skip:?(.*?)-->");
  private static final Pattern PROPERTY_WITH_COMMENT = Pattern.compile("^\\s*[\\w.-]+\\s*[=:].*\\S\\s+#.*");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String CHART_VALUES = "helm/text-enrichment/values.yaml";
  private static final Set<String> SHELL = Set.of("bash", "sh", "shell", "console");
  private static final Set<String> PROPERTIES = Set.of("properties", "ini");
  /** The images' entry point is the enrich command: what follows the image name is its arguments. */
  private static final Pattern IMAGE = Pattern.compile("text-enrichment:[\\w.-]+");

  private final Path root;
  private final List<String> settingsProblems = new ArrayList<>();
  private final List<String> commandProblems = new ArrayList<>();
  private final List<String> pathProblems = new ArrayList<>();
  private final List<String> linkProblems = new ArrayList<>();
  private final List<String> checked = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();
  private Set<String> profiles;

  private DocsCheck(Path root) {
    this.root = root;
  }

  /** The pages a reader is sent to: the README, every page in docs/, and any README of the Helm chart. */
  static List<Path> pages(Path root) {
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    for (String dir : List.of("docs", "helm")) {
      if (Files.isDirectory(root.resolve(dir))) {
        try (Stream<Path> files = Files.walk(root.resolve(dir))) {
          files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return pages;
  }

  static Report check(Path root, List<Path> pages) throws IOException {
    DocsCheck check = new DocsCheck(root);
    for (Path page : pages) {
      check.page(page);
    }
    return new Report(check.settingsProblems, check.commandProblems, check.pathProblems, check.linkProblems,
        check.checked, check.skipped);
  }

  private void page(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    String name = root.relativize(page).toString();
    links(page, name, lines);
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("```")) {
        continue;
      }
      String info = lines.get(i).substring(3).trim().toLowerCase(Locale.ROOT);
      int open = i;
      List<String> body = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
        body.add(lines.get(i));
      }
      String where = name + ":" + (open + 1);
      String skip = skipReason(lines, open);
      if (skip != null && skip.isBlank()) {
        commandProblems.add(where + ": a docs-check skip marker must say why the block is not checked");
        continue;
      }
      if (PROPERTIES.contains(info)) {
        properties(name, open + 2, body, where, skip);
      } else if (info.equals("yaml") || SHELL.contains(info)) {
        if (skip != null) {
          skipped.add(where + " [" + info + "]: " + skip);
        } else if (info.equals("yaml")) {
          helmValues(where, body);
          checked.add(where + " [yaml]");
        } else {
          shell(name, open + 2, body);
          checked.add(where + " [" + info + "]");
        }
      }
    }
  }

  /** The reason of a skip marker on the nearest non-blank line above the fence; null without one. */
  private static String skipReason(List<String> lines, int fence) {
    for (int j = fence - 1; j >= 0; j--) {
      if (!lines.get(j).isBlank()) {
        Matcher m = SKIP.matcher(lines.get(j));
        return m.find() ? m.group(1).trim() : null;
      }
    }
    return null;
  }

  private void properties(String name, int firstLine, List<String> body, String where, String skip) throws IOException {
    for (int k = 0; k < body.size(); k++) {
      if (PROPERTY_WITH_COMMENT.matcher(body.get(k)).matches()) {
        settingsProblems.add(name + ":" + (firstLine + k) + ": a '#' after a value is part of the value in a"
            + " properties file; put the comment on a line of its own: " + body.get(k).trim());
      }
    }
    if (skip != null) {
      skipped.add(where + " [properties]: " + skip + " (checked for comments after values only)");
      return;
    }
    String refusal = refusal(String.join("\n", body) + "\n");
    if (refusal != null) {
      settingsProblems.add(name + ":" + (firstLine + lineNamed(body, refusal)) + ": the service's configuration"
          + " parser refuses this block: " + refusal);
    }
    checked.add(where + " [properties]");
  }

  /** A values file for the chart: its values exist in the chart's values.yaml, its config is the service's. */
  private void helmValues(String where, List<String> body) throws IOException {
    JsonNode values = YAML.readTree(String.join("\n", body));
    JsonNode chart = YAML.readTree(root.resolve(CHART_VALUES).toFile());
    List<String> unknown = new ArrayList<>();
    values.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("config")) {
        unknownValues(e.getKey(), e.getValue(), chart.get(e.getKey()), unknown);
      }
    });
    if (!unknown.isEmpty()) {
      settingsProblems.add(where + ": values the chart (" + CHART_VALUES + ") does not have: " + unknown);
    }
    JsonNode config = values.get("config");
    if (config == null) {
      return;
    }
    Properties props = new Properties();
    config.fields().forEachRemaining(e -> props.setProperty(e.getKey(), e.getValue().asText()));
    StringWriter text = new StringWriter();
    props.store(text, null);
    String refusal = refusal(text.toString());
    if (refusal != null) {
      settingsProblems.add(where + ": the service's configuration parser refuses its config: " + refusal);
    }
  }

  private static void unknownValues(String path, JsonNode value, JsonNode chart, List<String> unknown) {
    if (chart == null) {
      unknown.add(path);
    } else if (value.isObject() && chart.isObject() && chart.size() > 0) {
      value.fields().forEachRemaining(e -> unknownValues(path + "." + e.getKey(), e.getValue(), chart.get(e.getKey()), unknown));
    }
  }

  /** The block line whose key the parser's message names first (the first line when it names none). */
  private static int lineNamed(List<String> body, String message) {
    int line = 0;
    int first = Integer.MAX_VALUE;
    for (int k = 0; k < body.size(); k++) {
      String key = body.get(k).split("[=:]", 2)[0].trim();
      int at = key.isEmpty() || key.startsWith("#") ? -1 : message.indexOf(key);
      if (at >= 0 && at < first) {
        first = at;
        line = k;
      }
    }
    return line;
  }

  /**
   * The one call into the service's configuration: what {@code bin/enrich run --config FILE} does
   * with a file of this text, with no environment variables on top. Null when it accepts it,
   * otherwise its message.
   */
  private static String refusal(String propertiesText) throws IOException {
    Path file = Files.createTempFile("docs-block", ".properties");
    try {
      Files.writeString(file, propertiesText, StandardCharsets.UTF_8);
      ServiceConfig.load(file, Map.of());
      return null;
    } catch (RuntimeException e) {
      return String.valueOf(e.getMessage());
    } finally {
      Files.delete(file);
    }
  }

  private void shell(String name, int firstLine, List<String> body) {
    for (ShellWords.Command command : ShellWords.commands(body)) {
      String where = name + ":" + (firstLine + command.line());
      List<String> words = command.words();
      enrichArguments(words).ifPresent(args -> parseAsTheCommandLineDoes(where, words, args));
      if (words.get(0).equals("mvn")) {
        mavenOptions(where, words);
      }
      for (String word : words) {
        String path = word.startsWith("-") && word.contains("=") ? word.substring(word.indexOf('=') + 1) : word;
        repositoryPath(where, path);
      }
    }
  }

  /** The arguments the enrich command gets from this command: after {@code bin/enrich}, or after an image's name. */
  private static Optional<List<String>> enrichArguments(List<String> words) {
    if (words.get(0).equals("bin/enrich")) {
      return Optional.of(words.subList(1, words.size()));
    }
    if (words.size() > 2 && words.get(0).equals("docker") && words.get(1).equals("run")) {
      for (int k = 2; k < words.size(); k++) {
        if (IMAGE.matcher(words.get(k)).matches()) {
          return Optional.of(words.subList(k + 1, words.size()));
        }
      }
    }
    return Optional.empty();
  }

  private void parseAsTheCommandLineDoes(String where, List<String> words, List<String> args) {
    CommandLine cli = EnrichCommand.commandLine(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    try {
      cli.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      commandProblems.add(where + ": " + String.join(" ", words) + "\n    " + e.getMessage().replace("\n", "\n    "));
    }
  }

  /** {@code -pl} names modules of the build, {@code -P} profiles it declares, {@code -f} a file that exists. */
  private void mavenOptions(String where, List<String> words) {
    for (int k = 1; k + 1 < words.size(); k++) {
      String value = words.get(k + 1);
      switch (words.get(k)) {
        case "-pl", "--projects" -> {
          for (String module : value.split(",")) {
            String dir = module.replaceFirst("^[!:]", "");
            if (!Files.isRegularFile(root.resolve(dir).resolve("pom.xml"))) {
              pathProblems.add(where + ": mvn -pl names " + dir + ", which is no module of the build");
            }
          }
        }
        case "-f", "--file" -> repositoryPath(where, value);
        default -> { }
      }
      if (words.get(k).startsWith("-P") && words.get(k).length() > 2) {
        for (String profile : words.get(k).substring(2).split(",")) {
          if (!declaredProfiles().contains(profile.replaceFirst("^[!-]", ""))) {
            pathProblems.add(where + ": mvn " + words.get(k) + " names a profile no pom.xml declares");
          }
        }
      }
    }
  }

  private Set<String> declaredProfiles() {
    if (profiles == null) {
      profiles = new LinkedHashSet<>();
      Pattern id = Pattern.compile("<profile>\\s*<id>([^<]+)</id>");
      try (Stream<Path> poms = Files.walk(root, 2)) {
        for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
          Matcher m = id.matcher(Files.readString(pom, StandardCharsets.UTF_8));
          while (m.find()) {
            profiles.add(m.group(1).trim());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return profiles;
  }

  /**
   * A word whose first path segment is an entry at the top of the repository ({@code docker/},
   * {@code helm/}, {@code .ci/}, ...) names a file of the repository, and that file must exist.
   * Other words (a user's own files, URLs, image names) are not the repository's to check.
   */
  private void repositoryPath(String where, String word) {
    int slash = word.indexOf('/');
    if (slash <= 0 || word.contains("://") || word.startsWith("$")) {
      return;
    }
    String first = word.substring(0, slash);
    if (first.equals(".") || first.equals("..") || !Files.exists(root.resolve(first))) {
      return;
    }
    if (!Files.exists(root.resolve(word))) {
      pathProblems.add(where + ": " + word + " does not exist in the repository");
    }
  }

  /** Relative links point to a file that exists and, with an anchor, to a heading it has. */
  private void links(Path page, String name, List<String> lines) throws IOException {
    boolean fence = false;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        fence = !fence;
      }
      if (fence) {
        continue;
      }
      Matcher m = LINK.matcher(lines.get(i));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        Path file = hash == 0 ? page : page.getParent().resolve(hash > 0 ? target.substring(0, hash) : target).normalize();
        String where = name + ":" + (i + 1) + ": link " + target;
        if (!Files.exists(file)) {
          linkProblems.add(where + ": no such file");
        } else if (hash >= 0 && file.toString().endsWith(".md")
            && !anchors(Files.readAllLines(file, StandardCharsets.UTF_8)).contains(target.substring(hash + 1))) {
          linkProblems.add(where + ": no such heading in " + root.relativize(file));
        }
      }
    }
  }

  /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fence = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        fence = !fence;
      }
      Matcher m = HEADING.matcher(line);
      if (fence || !m.matches()) {
        continue;
      }
      String slug = m.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? slug : slug + "-" + n);
    }
    return anchors;
  }
}
