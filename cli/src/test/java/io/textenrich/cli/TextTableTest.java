package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void chineseCharactersCountAsTwoColumnsSoColumnsLineUp() {
    TextTable table = new TextTable("text", "n");
    table.add("今天", "1");
    table.add("abcd", "2");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals("text | n", lines[0]);
    assertEquals("今天 | 1", lines[2]);
    assertEquals("abcd | 2", lines[3]);
  }

  @Test
  void clipCutsAtTheColumnBudgetWithAnEllipsis() {
    assertEquals("short", TextTable.clip("short", 10));
    assertEquals("abcdefgh…", TextTable.clip("abcdefghijkl", 9));
    assertEquals("今天天…", TextTable.clip("今天天气很好", 7));
    assertEquals("a b", TextTable.clip("a\n  b", 10));
  }
}
