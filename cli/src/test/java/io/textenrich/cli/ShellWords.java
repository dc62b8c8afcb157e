package io.textenrich.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands of a shell block in the docs, split into words the way a POSIX shell splits them
 * for the cases the docs use: single and double quotes, backslashes, comments, lines continued
 * with a backslash, pipes and {@code &&}/{@code ;} lists, and variable assignments before a
 * command. Expansions ({@code $VAR}) are left as written. In a block with {@code $ } prompts only
 * the prompted lines are commands; the others are their output.
 */
final class ShellWords {

  /** One simple command: the block line it starts on (0-based) and its words, assignments left out. */
  record Command(int line, List<String> words) {}

  private ShellWords() {}

  static List<Command> commands(List<String> block) {
    boolean prompted = block.stream().anyMatch(l -> l.startsWith("$ "));
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < block.size(); i++) {
      String line = block.get(i);
      if (prompted && !line.startsWith("$ ")) {
        continue;
      }
      int start = i;
      StringBuilder text = new StringBuilder(prompted ? line.substring(2) : line);
      while (text.toString().endsWith("\\") && i + 1 < block.size()) {
        text.setLength(text.length() - 1);
        text.append(' ').append(block.get(++i));
      }
      for (List<String> words : split(text.toString())) {
        List<String> command = words.stream().dropWhile(w -> w.matches("[A-Za-z_][A-Za-z0-9_]*=.*")).toList();
        if (!command.isEmpty()) {
          commands.add(new Command(start, command));
        }
      }
    }
    return commands;
  }

  /** The simple commands of one line, each as its words. */
  static List<List<String>> split(String line) {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int k = 0; k < line.length(); k++) {
      char c = line.charAt(k);
      if (c == '\'') {
        int end = line.indexOf('\'', k + 1);
        word = append(word, line.substring(k + 1, end < 0 ? line.length() : end));
        k = end < 0 ? line.length() : end;
      } else if (c == '"') {
        StringBuilder quoted = new StringBuilder();
        for (k++; k < line.length() && line.charAt(k) != '"'; k++) {
          if (line.charAt(k) == '\\' && k + 1 < line.length() && "\"\\$`".indexOf(line.charAt(k + 1)) >= 0) {
            k++;
          }
          quoted.append(line.charAt(k));
        }
        word = append(word, quoted.toString());
      } else if (c == '\\' && k + 1 < line.length()) {
        word = append(word, String.valueOf(line.charAt(++k)));
      } else if (c == '#' && word == null) {
        break;
      } else if (c == '|' || c == ';' || c == '&') {
        word = end(words, word);
        commands.add(words);
        words = new ArrayList<>();
        if (k + 1 < line.length() && line.charAt(k + 1) == c) {
          k++;
        }
      } else if (Character.isWhitespace(c)) {
        word = end(words, word);
      } else {
        word = append(word, String.valueOf(c));
      }
    }
    end(words, word);
    commands.add(words);
    commands.removeIf(List::isEmpty);
    return commands;
  }

  private static StringBuilder append(StringBuilder word, String text) {
    return (word == null ? new StringBuilder() : word).append(text);
  }

  private static StringBuilder end(List<String> words, StringBuilder word) {
    if (word != null) {
      words.add(word.toString());
    }
    return null;
  }
}
