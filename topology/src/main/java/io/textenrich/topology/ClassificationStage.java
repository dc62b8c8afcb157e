package io.textenrich.topology;

import io.textenrich.model.Classification;
import io.textenrich.model.ClassifierSettings;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SequenceClassifier;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.heads.HeadSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels for a batch: heads on the vectors the encoder already computed (no second pass), and
 * Hugging Face classifiers on the texts (a pass each). Also decides which events moderation flags.
 */
final class ClassificationStage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClassificationStage.class);

  private final HeadSet heads;
  private final List<SequenceClassifier> classifiers;
  private final ClassificationSettings settings;

  private ClassificationStage(HeadSet heads, List<SequenceClassifier> classifiers, ClassificationSettings settings) {
    this.heads = heads;
    this.classifiers = classifiers;
    this.settings = settings;
  }

  static ClassificationStage open(ClassificationSettings settings, SentenceEmbedder embedder, SessionSettings session) {
    HeadSet heads = null;
    if (settings.autoHeads()) {
      if (HeadSet.BUILTIN_ENCODERS.contains(embedder.modelName())) {
        heads = HeadSet.load(HeadSet.BUILTIN, embedder.modelName());
      } else {
        LOG.info("No built-in heads for encoder {}; set enrich.heads to head files trained with `enrich train-head`",
            embedder.modelName());
      }
    } else if (!settings.noHeads()) {
      heads = HeadSet.load(settings.heads(), embedder.modelName());
    }
    if (heads != null) {
      heads.heads().forEach(h -> h.requireEncoder(embedder.modelName(), embedder.modelVersion()));
    }
    List<SequenceClassifier> classifiers = new ArrayList<>();
    try {
      for (String dir : settings.classifiers()) {
        classifiers.add(SequenceClassifier.open(ClassifierSettings.of(dir)
            .withThresholds(settings.classifierThresholds()).withSession(session)));
      }
      ClassificationStage stage = new ClassificationStage(heads, classifiers, settings);
      stage.checkModeration();
      LOG.info("Labels from heads {} and classifiers {}; moderation {}", stage.headNames(), stage.classifierNames(),
          settings.moderationEnabled() ? settings.moderationClassifier() + " " + settings.moderationThresholds() + " -> "
              + settings.moderationTopic() : "off");
      return stage;
    } catch (RuntimeException e) {
      classifiers.forEach(SequenceClassifier::close);
      throw e;
    }
  }

  /** Labels of every text by head or classifier name; empty maps when nothing is configured. */
  List<Map<String, Classification>> classify(List<String> texts, List<float[]> vectors, String encoderModel, String encoderVersion) {
    List<Map<String, Classification>> out = new ArrayList<>(texts.size());
    List<Map<String, Classification>> fromHeads = heads == null ? null : heads.classify(vectors, encoderModel, encoderVersion);
    List<List<Classification>> fromClassifiers = new ArrayList<>();
    for (SequenceClassifier classifier : classifiers) {
      fromClassifiers.add(classifier.classify(texts));
    }
    for (int i = 0; i < texts.size(); i++) {
      Map<String, Classification> labels = new LinkedHashMap<>();
      if (fromHeads != null) {
        labels.putAll(fromHeads.get(i));
      }
      for (int c = 0; c < classifiers.size(); c++) {
        labels.put(classifiers.get(c).modelName(), fromClassifiers.get(c).get(i));
      }
      out.add(labels);
    }
    return out;
  }

  /** The moderation labels whose score reached their threshold, in threshold order; none for an event without labels. */
  List<String> flags(Map<String, Classification> labels) {
    Classification verdict = settings.moderationEnabled() ? labels.get(settings.moderationClassifier()) : null;
    if (verdict == null) {
      return List.of();
    }
    List<String> flags = new ArrayList<>();
    settings.moderationThresholds().forEach((label, threshold) -> {
      Float score = verdict.scores().get(label);
      if (score != null && score >= threshold) {
        flags.add(label);
      }
    });
    return flags;
  }

  boolean active() {
    return heads != null || !classifiers.isEmpty();
  }

  private void checkModeration() {
    if (!settings.moderationEnabled()) {
      return;
    }
    List<String> labels = labelsOf(settings.moderationClassifier());
    if (labels == null) {
      throw new IllegalArgumentException("enrich.moderation.classifier=" + settings.moderationClassifier()
          + " names no head or classifier (heads " + headNames() + ", classifiers " + classifierNames()
          + "); name one of them, or set enrich.moderation.topic= (empty) to turn moderation routing off");
    }
    Set<String> unknown = new TreeSet<>(settings.moderationThresholds().keySet());
    labels.forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("enrich.moderation.thresholds names labels " + unknown + " that "
          + settings.moderationClassifier() + " does not have; its labels are " + labels);
    }
  }

  private List<String> labelsOf(String name) {
    if (heads != null) {
      for (var head : heads.heads()) {
        if (head.name().equals(name)) {
          return head.labels();
        }
      }
    }
    for (SequenceClassifier classifier : classifiers) {
      if (classifier.modelName().equals(name)) {
        return classifier.labels();
      }
    }
    return null;
  }

  private List<String> headNames() {
    return heads == null ? List.of() : heads.heads().stream().map(h -> h.name()).toList();
  }

  private List<String> classifierNames() {
    return classifiers.stream().map(SequenceClassifier::modelName).toList();
  }

  @Override
  public void close() {
    classifiers.forEach(SequenceClassifier::close);
  }
}
