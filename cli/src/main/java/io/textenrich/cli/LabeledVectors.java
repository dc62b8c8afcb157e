package io.textenrich.cli;

import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.heads.EncoderId;
import io.textenrich.model.heads.LabeledText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Labelled texts read from one or more JSON-lines files, and their vectors from one encoder. */
record LabeledVectors(String source, List<LabeledText> examples, List<float[]> vectors, EncoderId encoder, double embedSeconds) {

  /**
   * @param batchSize texts per encoder call: 1 is how heads are trained and run by `classify`
   * @param labelField the field that holds each text's label; lines without it are skipped (see
   *     {@link LabeledText#readJsonl(Path, String)})
   */
  static LabeledVectors read(List<Path> files, String labelField, String model, String device, int batchSize) throws IOException {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1");
    }
    List<LabeledText> examples = new ArrayList<>();
    for (Path file : files) {
      examples.addAll(LabeledText.readJsonl(file, labelField));
    }
    String source = files.stream().map(LabeledVectors::shortName).collect(Collectors.joining(" + "));
    EmbedderSettings settings = EmbedderSettings.of(model).withSession(SessionSettings.defaults().withDevice(ExecutionDevice.parse(device)));
    List<float[]> vectors = new ArrayList<>(examples.size());
    long start = System.nanoTime();
    try (SentenceEmbedder embedder = SentenceEmbedder.open(settings)) {
      List<String> texts = examples.stream().map(LabeledText::text).toList();
      for (int from = 0; from < texts.size(); from += batchSize) {
        vectors.addAll(embedder.embed(texts.subList(from, Math.min(texts.size(), from + batchSize))).vectors());
      }
      EncoderId encoder = new EncoderId(embedder.modelName(), embedder.modelVersion(), embedder.dimensions());
      return new LabeledVectors(source, examples, vectors, encoder, (System.nanoTime() - start) / 1e9);
    }
  }

  /** The file's name with its parent folder's, e.g. {@code spamassassin/train.jsonl}: enough to tell data files apart. */
  private static String shortName(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    return parent == null || parent.getFileName() == null ? absolute.getFileName().toString()
        : parent.getFileName() + "/" + absolute.getFileName();
  }
}
