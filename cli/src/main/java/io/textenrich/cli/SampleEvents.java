package io.textenrich.cli;

import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.RegistryAvroSerde;
import io.textenrich.schemas.TextEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The demo's input: English and Chinese events in every accepted format, and some invalid records. */
final class SampleEvents {

  /**
   * @param key unique per sample, so every output can be matched to its input
   * @param valid whether the service must enrich it (else dead-letter it)
   */
  record Sample(String key, byte[] value, boolean valid, String format) {}

  private SampleEvents() {}

  static List<Sample> all(int maxTextBytes) {
    List<Sample> samples = new ArrayList<>();
    String[][] json = {
        {"en", "The new update made the app so much faster, great job!"},
        {"en", "I can't log in since yesterday's update and support is not answering."},
        {"en", "How do I reset my password?"},
        {"en", "Congratulations! You won a free cruise, click here to claim your prize now."},
        {"en", "You are an idiot and everyone here hates you."},
        {"en", "The train to Berlin leaves at noon from platform 4."},
        {"zh", "今天天气很好"},
        {"zh", "今天阳光明媚，适合出去散步。"},
        {"zh", "这个应用更新以后变得非常慢。"},
        {"zh", "恭喜您中奖了！点击链接领取奖品。"},
    };
    for (int i = 0; i < json.length; i++) {
      String id = "evt-" + (i + 1);
      String value = RecordJson.MAPPER.createObjectNode()
          .put("id", id)
          .put("text", json[i][1])
          .put("language", json[i][0])
          .put("source", "demo")
          .put("event_time", Instant.now().toString())
          .toString();
      samples.add(new Sample(id, utf8(value), true, "json"));
    }
    samples.add(new Sample("plain-1", utf8("I forgot my password, how can I change it?"), true, "text"));
    samples.add(new Sample("plain-2", utf8("请问怎么重置密码？"), true, "text"));
    samples.add(new Sample("avro-1", AvroSerde.textEvent().serialize(null, TextEvent.newBuilder()
        .setId("avro-1").setText("Avro-encoded events are accepted as well.").setLanguage("en")
        .setAttributes(Map.of("channel", "api")).build()), true, "avro"));

    samples.add(new Sample("bad-binary", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, (byte) 0xFF}, false, "binary"));
    samples.add(new Sample("bad-json", utf8("{\"id\":\"bad-json\",\"text\":\"unterminated"), false, "json"));
    samples.add(new Sample("bad-no-text", utf8("{\"id\":\"bad-no-text\",\"body\":\"text is under the wrong field\"}"), false, "json"));
    samples.add(new Sample("bad-empty", utf8("   "), false, "text"));
    samples.add(new Sample("bad-too-large", utf8("{\"id\":\"bad-too-large\",\"text\":\"" + "spam ".repeat(maxTextBytes / 5 + 1) + "\"}"),
        false, "json"));
    return samples;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** An event in a schema registry's wire format, as a registry-aware producer writes it to {@code topic}. */
  static Sample registryFramed(RegistryAvroSerde<TextEvent> serde, String topic) {
    return new Sample("registry-1", serde.serialize(topic, TextEvent.newBuilder().setId("registry-1")
        .setText("Framed with the schema id that the registry gave TextEvent.").setLanguage("en").build()), true, "registry");
  }
}
