package io.textenrich.model.generate;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One request on its way through the engine: its tokens, sampler, limits and future. */
final class Sequence {

  private static final Logger LOG = LoggerFactory.getLogger(Sequence.class);

  final int[] prompt;
  final int droppedPromptTokens;
  final CompletableFuture<Completion> future = new CompletableFuture<>();
  /** Set once by whoever ends the sequence (completion, failure, cancel, close), so it is counted once. */
  final AtomicBoolean settled = new AtomicBoolean();
  private final Limits limits;
  private final Sampler sampler;
  private final long seed;
  private final IntConsumer onToken;
  private final long submittedNanos;
  /** Runs with no other sequence in its steps, so that a step's failure is its own. */
  boolean alone;
  private int[] generated = new int[16];
  private int count;
  private long firstTokenNanos;
  private FinishReason finish;
  private String text;

  /** What ends a sequence, resolved against the model's defaults. */
  record Limits(int maxNewTokens, int minNewTokens, int maxPositions, List<Integer> eos, List<String> stop) {}

  Sequence(int[] prompt, int droppedPromptTokens, Limits limits, Sampler sampler, long seed, IntConsumer onToken) {
    this.prompt = prompt;
    this.droppedPromptTokens = droppedPromptTokens;
    this.limits = limits;
    this.sampler = sampler;
    this.seed = seed;
    this.onToken = onToken;
    this.submittedNanos = System.nanoTime();
    for (int token : prompt) {
      sampler.observe(token);
    }
  }

  /** Slots this sequence's cache may come to hold: its prompt and every token it may generate. */
  int cacheNeed() {
    return Math.min(prompt.length + limits.maxNewTokens(), limits.maxPositions() + 1);
  }

  /** The token the next decode step feeds: the last one generated. */
  int lastToken() {
    return generated[count - 1];
  }

  boolean finished() {
    return finish != null;
  }

  /**
   * Picks the next token from this sequence's logits and decides whether the sequence ends.
   *
   * @param decoder turns generated ids into text, for stop strings
   */
  void accept(float[] logits, Decoder decoder) {
    if (count < limits.minNewTokens()) {
      for (int eos : limits.eos()) {
        if (eos < logits.length) {
          logits[eos] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    int token = sampler.next(logits);
    sampler.observe(token);
    if (count == generated.length) {
      generated = Arrays.copyOf(generated, 2 * count);
    }
    generated[count++] = token;
    if (count == 1) {
      firstTokenNanos = System.nanoTime();
    }
    if (onToken != null) {
      try {
        onToken.accept(token);
      } catch (RuntimeException e) {
        LOG.warn("A token listener threw {}; generation goes on without it noticing", e.toString());
      }
    }
    if (limits.eos().contains(token)) {
      finish = FinishReason.EOS;
      return;
    }
    if (!limits.stop().isEmpty() && stopReached(decoder)) {
      String sofar = decoder.decode(generatedIds());
      finish = FinishReason.STOP;
      text = sofar.substring(0, firstStop(sofar));
      return;
    }
    // The token just generated must still pass through the model to continue, at position
    // prompt + count - 1, which must lie inside the model's context.
    if (count >= limits.maxNewTokens() || prompt.length + count > limits.maxPositions()) {
      finish = FinishReason.LENGTH;
    }
  }

  /**
   * Whether the newest tokens complete a stop string. Only a tail of the completion is decoded: a
   * stop string of n characters spans at most 4n tokens (a token carries at least one UTF-8 byte),
   * and it ends in the newest token, or an earlier step would have found it. Four tokens more keep
   * a character cut at the tail's start away from it.
   */
  private boolean stopReached(Decoder decoder) {
    int longest = limits.stop().stream().mapToInt(String::length).max().orElse(0);
    int window = Math.min(count, 4 * longest + 4);
    return firstStop(decoder.decode(Arrays.copyOfRange(generated, count - window, count))) >= 0;
  }

  private int firstStop(String sofar) {
    int cut = -1;
    for (String stop : limits.stop()) {
      int at = sofar.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) {
        cut = at;
      }
    }
    return cut;
  }

  int[] generatedIds() {
    return Arrays.copyOf(generated, count);
  }

  /** Completes the future; the text is decoded here unless a stop string already cut it. */
  void complete(Decoder decoder, String model, String version) {
    int[] ids = generatedIds();
    if (text == null) {
      text = decoder.decode(finish == FinishReason.EOS ? Arrays.copyOf(ids, count - 1) : ids);
    }
    long now = System.nanoTime();
    Completion completion = new Completion(text, finish, prompt.length, droppedPromptTokens, count,
        Arrays.stream(ids).boxed().toList(), seed, (firstTokenNanos - submittedNanos) / 1e6, (now - submittedNanos) / 1e6,
        model, version);
    future.complete(completion);
  }

  /** Turns token ids into text. */
  interface Decoder {
    String decode(int[] ids);
  }
}
