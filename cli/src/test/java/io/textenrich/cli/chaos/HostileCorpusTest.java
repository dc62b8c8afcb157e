package io.textenrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.textenrich.cli.chaos.EventProducer.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HostileCorpusTest {

  private static byte[] value(String kind) {
    return HostileCorpus.kind(kind).make().apply("id-1", new Random(1)).value();
  }

  private static String text(String kind) throws Exception {
    return new ObjectMapper().readTree(value(kind)).get("text").asText();
  }

  @Test
  void theCorpusHasAtLeastTheCountAskedForWithEveryKindAndSameEveryRun() {
    List<Event> corpus = HostileCorpus.generate("h-", 5000);
    assertTrue(corpus.size() >= 5000);
    Set<String> ids = corpus.stream().map(Event::id).filter(id -> id != null).collect(Collectors.toSet());
    for (HostileCorpus.Kind kind : HostileCorpus.KINDS) {
      assertTrue(kind.name().startsWith("null-key") || ids.contains("h-" + kind.name() + "-0"), kind.name());
    }
    assertArrayEquals(corpus.get(6).value(), HostileCorpus.generate("h-", 5000).get(6).value());
  }

  @Test
  void textsAtTheLimitAndOneByteOverAreExactlyThat() throws Exception {
    assertEquals(HostileCorpus.MAX_TEXT_BYTES, text("text-at-limit").getBytes(StandardCharsets.UTF_8).length);
    assertEquals(HostileCorpus.MAX_TEXT_BYTES + 1, text("text-one-byte-over").getBytes(StandardCharsets.UTF_8).length);
    assertTrue(text("emoji-wall").getBytes(StandardCharsets.UTF_8).length <= HostileCorpus.MAX_TEXT_BYTES);
    assertTrue(text("combining-flood").getBytes(StandardCharsets.UTF_8).length <= HostileCorpus.MAX_TEXT_BYTES);
    assertTrue(value("value-over-1mb-json").length > 1_000_000);
  }

  @Test
  void theInvalidEncodingsAreNotUtf8() {
    for (String kind : List.of("utf8-overlong", "utf8-lone-continuation", "utf8-truncated-sequence", "utf8-encoded-surrogate",
        "utf8-beyond-unicode", "utf8-invalid-bytes", "utf8-random-garbage")) {
      byte[] bytes = value(kind);
      assertTrue(!java.util.Arrays.equals(bytes, new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)), kind);
    }
  }
}
