package io.textenrich.model.heads;

import io.textenrich.model.BuiltinModel;
import io.textenrich.model.Classification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several heads applied to the vectors of one encoder pass, so that sentiment, moderation and any
 * other head cost one BERT run together. All heads must share the encoder. Immutable and
 * thread-safe.
 */
public final class HeadSet {

  /**
   * The heads that ship with model-runtime, each trained on the default encoder and on the Chinese
   * encoder (see {@link #load}).
   */
  public static final List<String> BUILTIN = List.of("sentiment", "moderation");

  /**
   * The domain of promotions a business sends its own customers or members: the built-in moderation
   * heads allow them (label {@code ok}), and their figures are reported apart from those of
   * ordinary messages rather than in the false-flag rate.
   */
  public static final String FIRST_PARTY_PROMOTIONS = "first-party-promotions";

  /** The encoders the built-in heads were trained for. */
  public static final List<String> BUILTIN_ENCODERS = List.of(BuiltinModel.ALL_MINILM_L6_V2_Q.id(), BuiltinModel.BGE_SMALL_ZH_V15_Q.id());

  private final List<Head> heads;

  private HeadSet(List<Head> heads) {
    if (heads.isEmpty()) {
      throw new IllegalArgumentException("a head set needs at least one head");
    }
    EncoderId encoder = heads.get(0).encoder();
    List<String> names = new ArrayList<>();
    for (Head head : heads) {
      if (!head.encoder().version().equals(encoder.version())) {
        throw new IllegalArgumentException("Heads " + heads.get(0).name() + " and " + head.name() + " were trained on different"
            + " encoders (" + encoder + " and " + head.encoder() + "); heads that run together must share one encoder pass");
      }
      if (names.contains(head.name())) {
        throw new IllegalArgumentException("Two heads are named " + head.name() + "; each head's name keys its result");
      }
      names.add(head.name());
    }
    this.heads = List.copyOf(heads);
  }

  public static HeadSet of(List<Head> heads) {
    return new HeadSet(heads);
  }

  /**
   * Loads heads by head file, directory holding {@code head.json}, or built-in name
   * ({@link #BUILTIN}).
   *
   * @param encoder the built-in encoder id whose built-in heads the names pick: the same name, such
   *     as {@code sentiment}, has a head for each encoder it ships for
   */
  public static HeadSet load(List<String> specs, String encoder) {
    List<Head> heads = new ArrayList<>();
    for (String spec : specs) {
      heads.add(loadOne(spec.trim(), encoder));
    }
    return new HeadSet(heads);
  }

  private static Head loadOne(String spec, String encoder) {
    Path path = Path.of(spec);
    if (Files.isDirectory(path)) {
      return Head.load(path.resolve("head.json"));
    }
    if (Files.isRegularFile(path)) {
      return Head.load(path);
    }
    if (!BUILTIN.contains(spec)) {
      throw new IllegalArgumentException("Head '" + spec + "' is neither a built-in head (" + String.join(", ", BUILTIN)
          + ") nor a head file or directory; train one with `enrich train-head`.");
    }
    return Head.builtin(spec, encoder).orElseThrow(() -> new IllegalArgumentException("No built-in head '" + spec
        + "' for encoder " + encoder + "; built-in heads exist for " + String.join(", ", BUILTIN_ENCODERS)
        + ". Use one of those encoders, or train a head for " + encoder + " with `enrich train-head --model " + encoder + "`."));
  }

  public List<Head> heads() {
    return heads;
  }

  /** The encoder all heads were trained on; run it, one text per call as in training, to feed them. */
  public EncoderId encoder() {
    return heads.get(0).encoder();
  }

  /**
   * Every head on every text of one encoder batch, by its vector (and its words, for a head with a
   * lexical part).
   *
   * @return per text, head name to its classification, in head order
   * @throws IllegalArgumentException when the vectors come from another encoder than the heads'
   */
  public List<Map<String, Classification>> classify(List<String> texts, List<float[]> vectors, String encoderModel,
      String encoderVersion) {
    List<Map<String, Classification>> out = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      out.add(new LinkedHashMap<>());
    }
    for (Head head : heads) {
      List<Classification> results = head.classify(texts, vectors, encoderModel, encoderVersion);
      for (int i = 0; i < results.size(); i++) {
        out.get(i).put(head.name(), results.get(i));
      }
    }
    return out;
  }
}
