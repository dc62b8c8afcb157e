package io.textenrich.cli.chaos;

import io.textenrich.cli.chaos.EventProducer.Event;
import io.textenrich.cli.chaos.Ledger.Expect;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.TextEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Malformed and odd input events, generated (seeded, so every run sends the same corpus). Every kind says what the
 * service must do with it: enrich it (valid text, however odd), dead-letter it (not text it can read), or either,
 * where the choice is the service's (JSON that is valid but not an event object is read as plain text, say).
 */
final class HostileCorpus {

  /** One kind of hostile event. {@code heavy} kinds (megabytes each) are sent a few times only. */
  record Kind(String name, Expect expect, boolean heavy, BiFunction<String, Random, Event> make) {}

  /** The service's default limit, enrich.input.max.text.bytes. */
  static final int MAX_TEXT_BYTES = 16384;
  private static final int HEAVY_ROUNDS = 3;
  private static final AvroSerde<TextEvent> AVRO = AvroSerde.textEvent();

  static final List<Kind> KINDS = List.of(
      // Invalid encodings.
      bytes("utf8-overlong", Expect.DEAD_LETTERED, (id, r) -> concat("over ", new byte[] {(byte) 0xC0, (byte) 0xAF}, " long")),
      bytes("utf8-lone-continuation", Expect.DEAD_LETTERED, (id, r) -> concat("lone ", new byte[] {(byte) 0x80}, " byte")),
      bytes("utf8-truncated-sequence", Expect.DEAD_LETTERED, (id, r) -> concat("cut ", new byte[] {(byte) 0xE2, (byte) 0x82}, "")),
      bytes("utf8-encoded-surrogate", Expect.DEAD_LETTERED, (id, r) -> concat("sur ", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, " x")),
      bytes("utf8-beyond-unicode", Expect.DEAD_LETTERED, (id, r) -> concat("big ", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "")),
      bytes("utf8-invalid-bytes", Expect.DEAD_LETTERED, (id, r) -> concat("ff ", new byte[] {(byte) 0xFE, (byte) 0xFF}, " fe")),
      bytes("utf8-random-garbage", Expect.DEAD_LETTERED, (id, r) -> garbage(r, 64)),
      json("json-lone-high-surrogate", Expect.EITHER, id -> "{\"id\":\"" + id + "\",\"text\":\"before \\ud800 after\"}"),
      json("json-lone-low-surrogate", Expect.EITHER, id -> "{\"id\":\"" + id + "\",\"text\":\"\\udc00 only a low half\"}"),
      json("json-reversed-surrogates", Expect.EITHER, id -> "{\"id\":\"" + id + "\",\"text\":\"swap \\ude00\\ud83d pair\"}"),
      bytes("bom-json", Expect.ENRICHED, (id, r) -> concat("\uFEFF", ("{\"id\":\"" + id + "\",\"text\":\"after a byte order mark\"}")
          .getBytes(StandardCharsets.UTF_8), "")),
      bytes("bom-plain-text", Expect.ENRICHED, (id, r) -> ("\uFEFFplain text after a BOM").getBytes(StandardCharsets.UTF_8)),
      // Empty or oversized text.
      json("empty-text", Expect.DEAD_LETTERED, id -> "{\"id\":\"" + id + "\",\"text\":\"\"}"),
      json("whitespace-text", Expect.DEAD_LETTERED, id -> "{\"id\":\"" + id + "\",\"text\":\" \\t\\n \\u00a0 \"}"),
      bytes("empty-value", Expect.DEAD_LETTERED, (id, r) -> new byte[0]),
      json("text-at-limit", Expect.ENRICHED, id -> "{\"id\":\"" + id + "\",\"text\":\"" + words(MAX_TEXT_BYTES) + "\"}"),
      json("text-one-byte-over", Expect.DEAD_LETTERED, id -> "{\"id\":\"" + id + "\",\"text\":\"" + words(MAX_TEXT_BYTES + 1) + "\"}"),
      heavy("value-over-1mb-json", Expect.DEAD_LETTERED, (id, r) -> ("{\"id\":\"" + id + "\",\"text\":\"" + words(1_100_000) + "\"}")
          .getBytes(StandardCharsets.UTF_8)),
      heavy("value-over-1mb-plain", Expect.DEAD_LETTERED, (id, r) -> words(1_200_000).getBytes(StandardCharsets.UTF_8)),
      // Bad JSON.
      heavy("json-nested-100000-deep", Expect.DEAD_LETTERED, (id, r) -> ("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000))
          .getBytes(StandardCharsets.UTF_8)),
      json("json-nested-2000-deep", Expect.DEAD_LETTERED, id -> "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)),
      json("json-nested-array-deep", Expect.DEAD_LETTERED, id -> "[".repeat(20_000) + "]".repeat(20_000)),
      json("json-array", Expect.EITHER, id -> "[\"an\",\"array\",1,2,3]"),
      json("json-string", Expect.EITHER, id -> "\"a JSON string, not an object\""),
      json("json-number", Expect.EITHER, id -> "12345.678"),
      json("json-null", Expect.EITHER, id -> "null"),
      json("json-unclosed", Expect.DEAD_LETTERED, id -> "{\"id\":\"" + id + "\",\"text\":\"never closed"),
      json("json-text-number", Expect.DEAD_LETTERED, id -> "{\"id\":\"" + id + "\",\"text\":42}"),
      json("json-text-object", Expect.DEAD_LETTERED, id -> "{\"id\":\"" + id + "\",\"text\":{\"nested\":\"x\"}}"),
      json("json-id-object", Expect.DEAD_LETTERED, id -> "{\"id\":{\"x\":1},\"text\":\"an id that is an object\"}"),
      json("json-id-array", Expect.DEAD_LETTERED, id -> "{\"id\":[1,2],\"text\":\"an id that is an array\"}"),
      json("json-attributes-string", Expect.DEAD_LETTERED, id -> "{\"id\":\"" + id + "\",\"text\":\"t\",\"attributes\":\"no\"}"),
      json("json-event-time-word", Expect.DEAD_LETTERED, id -> "{\"id\":\"" + id + "\",\"text\":\"t\",\"event_time\":\"yesterday\"}"),
      json("json-duplicate-keys", Expect.EITHER, id -> "{\"id\":\"" + id + "\",\"text\":\"first\",\"text\":\"second\"}"),
      json("json-number-id", Expect.ENRICHED, id -> "{\"id\":" + Math.abs(id.hashCode()) + ",\"text\":\"a number as the id\"}"),
      // Bad framing.
      bytes("avro-truncated", Expect.DEAD_LETTERED, (id, r) -> {
        byte[] avro = avro(id);
        return Arrays.copyOf(avro, 12 + r.nextInt(Math.max(1, avro.length - 14)));
      }),
      bytes("avro-corrupted", Expect.EITHER, (id, r) -> {
        byte[] avro = avro(id);
        for (int i = 10; i < avro.length; i += 3) {
          avro[i] = (byte) r.nextInt(256);
        }
        return avro;
      }),
      bytes("avro-unknown-fingerprint", Expect.DEAD_LETTERED, (id, r) -> {
        byte[] avro = avro(id);
        avro[2] ^= (byte) 0x5A;
        return avro;
      }),
      bytes("registry-framed-no-registry", Expect.DEAD_LETTERED, (id, r) -> concat("", new byte[] {0, 0, 0, 0, 7}, "garbage")),
      bytes("registry-framed-truncated", Expect.EITHER, (id, r) -> new byte[] {0, 0}),
      // Bad keys and values.
      new Kind("null-key-plain-text", Expect.ENRICHED, false, (id, r) -> new Event(null,
          "an event without a key or an id".getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Expect.ENRICHED)),
      new Kind("null-value", Expect.DEAD_LETTERED, false, (id, r) -> new Event(id, null, new RecordHeaders(), Expect.DEAD_LETTERED)),
      new Kind("null-key-null-value", Expect.DEAD_LETTERED, false, (id, r) -> new Event(null, null, new RecordHeaders(), Expect.DEAD_LETTERED)),
      new Kind("binary-headers", Expect.ENRICHED, false, (id, r) -> {
        RecordHeaders headers = new RecordHeaders();
        headers.add("garbage", garbage(r, 256));
        headers.add("", new byte[0]);
        headers.add("\u0000\uFFFF", null);
        return new Event(id, ("{\"id\":\"" + id + "\",\"text\":\"headers full of binary garbage\"}").getBytes(StandardCharsets.UTF_8),
            headers, Expect.ENRICHED);
      }),
      // Odd but valid text.
      json("control-characters", Expect.ENRICHED, id -> "{\"id\":\"" + id + "\",\"text\":\"bell\\u0007 tab\\t nul\\u0000 esc\\u001b[31m red\"}"),
      json("zero-width", Expect.ENRICHED, id -> "{\"id\":\"" + id + "\",\"text\":\"zero\u200Bwidth\u200C join\u200Der\u2060s\uFEFF\"}"),
      json("right-to-left", Expect.ENRICHED, id -> "{\"id\":\"" + id + "\",\"text\":\"\u202Egnp.exe \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627\"}"),
      json("combining-flood", Expect.ENRICHED, id -> "{\"id\":\"" + id + "\",\"text\":\"e" + "\u0301".repeat(MAX_TEXT_BYTES / 2 - 1) + "\"}"),
      json("word-16kb", Expect.ENRICHED, id -> "{\"id\":\"" + id + "\",\"text\":\"" + "a".repeat(MAX_TEXT_BYTES) + "\"}"),
      json("emoji-wall", Expect.ENRICHED, id -> "{\"id\":\"" + id + "\",\"text\":\"" + "\uD83D\uDE00\uD83D\uDD25\uD83D\uDC4D\uD83C\uDFFD"
          .repeat(MAX_TEXT_BYTES / 16) + "\"}"),
      json("mixed-scripts", Expect.ENRICHED, id -> "{\"id\":\"" + id + "\",\"text\":\"Hello Привет 你好 مرحبا שלום नमस्ते こんにちは 안녕 Γειά\"}"));

  /** Kinds whose time per event the report gives: the worst the tokenizer and the model see among valid texts. */
  static final List<String> WORST_FOR_TOKENIZER = List.of("combining-flood", "word-16kb", "emoji-wall", "text-at-limit",
      "control-characters", "zero-width");

  private HostileCorpus() {}

  /** At least {@code count} hostile events, every kind in turn, heavy kinds in the first rounds only. */
  static List<Event> generate(String prefix, int count) {
    Random random = new Random(7);
    List<Event> events = new ArrayList<>();
    for (int round = 0; events.size() < count; round++) {
      for (Kind kind : KINDS) {
        if (!kind.heavy() || round < HEAVY_ROUNDS) {
          events.add(kind.make().apply(prefix + kind.name() + "-" + round, random));
        }
      }
    }
    return events;
  }

  /** The text of a valid odd kind, as the service would see it. */
  static Kind kind(String name) {
    return KINDS.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
  }

  private static Kind json(String name, Expect expect, java.util.function.Function<String, String> json) {
    return new Kind(name, expect, false, (id, r) -> Event.json(id, json.apply(id), expect));
  }

  private static Kind bytes(String name, Expect expect, BiFunction<String, Random, byte[]> value) {
    return new Kind(name, expect, false, (id, r) -> new Event(id, value.apply(id, r), new RecordHeaders(), expect));
  }

  private static Kind heavy(String name, Expect expect, BiFunction<String, Random, byte[]> value) {
    return new Kind(name, expect, true, (id, r) -> new Event(id, value.apply(id, r), new RecordHeaders(), expect));
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] c = after.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(a, a.length + middle.length + c.length);
    System.arraycopy(middle, 0, out, a.length, middle.length);
    System.arraycopy(c, 0, out, a.length + middle.length, c.length);
    return out;
  }

  /** Random bytes that are never valid UTF-8 (the first is a lone continuation byte). */
  private static byte[] garbage(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    bytes[0] = (byte) 0x80;
    return bytes;
  }

  /** ASCII words of exactly {@code bytes} bytes. */
  static String words(int bytes) {
    StringBuilder text = new StringBuilder(bytes);
    String word = "lorem ipsum dolor sit amet ";
    while (text.length() < bytes) {
      text.append(word);
    }
    text.setLength(bytes);
    return text.toString();
  }

  private static byte[] avro(String id) {
    return AVRO.serialize(null, TextEvent.newBuilder().setId(id).setText("an Avro event about to be damaged").build());
  }
}
