package io.textenrich.topology.stage.encoder;

import io.textenrich.model.Classification;
import io.textenrich.model.ClassifierSettings;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SequenceClassifier;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.heads.Head;
import io.textenrich.model.heads.HeadSet;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.config.ClassificationSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels for a batch: heads on the vectors the encoder already computed (no second pass), and
 * Hugging Face classifiers on the texts (a pass each). Also decides which events moderation flags.
 *
 * <p>Events in a language the service's encoder handles poorly can take the labels of its built-in
 * heads from another built-in encoder's heads of the same names instead ({@code enrich.heads.by.language}):
 * a second encoder pass for those events only. That holds whether the built-in heads come with
 * {@code auto} or are named beside heads of one's own; heads of one's own label every event. Their
 * embedding stays the service encoder's, so every vector on the topic lives in one space.
 */
public final class ClassificationStage implements Labeler, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClassificationStage.class);

  /** Texts per call of a language's encoder. */
  private static final int LANGUAGE_CALL_SIZE = 64;

  private final HeadSet heads;
  private final List<LanguageHeads> languageHeads;
  private final List<SequenceClassifier> classifiers;
  private final ClassificationSettings settings;

  /** The built-in heads of {@code encoder}, for the events in {@code language}. */
  private record LanguageHeads(String language, SentenceEmbedder encoder, HeadSet heads) {}

  private ClassificationStage(HeadSet heads, List<LanguageHeads> languageHeads, List<SequenceClassifier> classifiers,
      ClassificationSettings settings) {
    this.heads = heads;
    this.languageHeads = languageHeads;
    this.classifiers = classifiers;
    this.settings = settings;
  }

  public static ClassificationStage open(ClassificationSettings settings, SentenceEmbedder embedder, SessionSettings session) {
    return open(settings, embedder, session,
        encoder -> SentenceEmbedder.open(EmbedderSettings.of(encoder).withSession(session)));
  }

  /**
   * @param languageEncoders the built-in encoder of that id, for the languages that take their heads' labels from
   *     another encoder; the stage owns what it returns
   */
  public static ClassificationStage open(ClassificationSettings settings, SentenceEmbedder embedder,
      SessionSettings session, Function<String, SentenceEmbedder> languageEncoders) {
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
    List<LanguageHeads> languageHeads = new ArrayList<>();
    List<SequenceClassifier> classifiers = new ArrayList<>();
    try {
      List<String> builtinNames = heads == null ? List.of() : builtinHeadNames(heads, embedder.modelName());
      for (Map.Entry<String, String> language : settings.headsByLanguage().entrySet()) {
        if (heads == null || language.getValue().equals(embedder.modelName())) {
          continue;
        }
        if (builtinNames.isEmpty()) {
          LOG.info("Events in language {} are labelled by heads {} on the service encoder: none is a built-in head, which is"
              + " what {} has for them", language.getKey(), heads.heads().stream().map(Head::name).toList(),
              language.getValue());
        } else {
          languageHeads.add(languageHeads(language.getKey(), language.getValue(), builtinNames,
              languageEncoders.apply(language.getValue())));
        }
      }
      for (String dir : settings.classifiers()) {
        classifiers.add(SequenceClassifier.open(ClassifierSettings.of(dir)
            .withThresholds(settings.classifierThresholds()).withSession(session)));
      }
      ClassificationStage stage = new ClassificationStage(heads, languageHeads, classifiers, settings);
      stage.checkModeration();
      LOG.info("Labels from heads {} and classifiers {}; moderation {}", stage.headNames(), stage.classifierNames(),
          settings.moderationEnabled() ? settings.moderationClassifier() + " " + settings.moderationThresholds() + " -> "
              + settings.moderationTopic() : "off");
      return stage;
    } catch (RuntimeException e) {
      languageHeads.forEach(l -> l.encoder().close());
      classifiers.forEach(SequenceClassifier::close);
      throw e;
    }
  }

  /** The heads of the set that are the built-in heads of the encoder, not files of the same name. */
  private static List<String> builtinHeadNames(HeadSet heads, String encoder) {
    return heads.heads().stream()
        .filter(h -> Head.builtin(h.name(), encoder).map(b -> b.version().equals(h.version())).orElse(false))
        .map(Head::name)
        .toList();
  }

  private static LanguageHeads languageHeads(String language, String encoder, List<String> names,
      SentenceEmbedder languageEncoder) {
    try {
      HeadSet languageHeadSet = HeadSet.load(names, encoder);
      languageHeadSet.heads().forEach(h -> h.requireEncoder(languageEncoder.modelName(), languageEncoder.modelVersion()));
      LOG.info("Events in language {} take the labels of heads {} from the built-in heads on {} (a second encoder pass for"
          + " them; their embedding stays the service encoder's; enrich.heads.by.language= turns this off)", language, names,
          encoder);
      return new LanguageHeads(language, languageEncoder, languageHeadSet);
    } catch (RuntimeException e) {
      languageEncoder.close();
      throw e;
    }
  }

  /** Labels of every event by head or classifier name, from its vector and text; empty maps when nothing is configured. */
  @Override
  public List<Map<String, Classification>> classify(List<TextEvent> events, List<float[]> vectors, String encoderModel,
      String encoderVersion) {
    List<String> texts = events.stream().map(TextEvent::getText).toList();
    List<Map<String, Classification>> out = new ArrayList<>(texts.size());
    List<Map<String, Classification>> fromHeads = heads == null ? null : heads.classify(texts, vectors, encoderModel, encoderVersion);
    if (fromHeads != null && !languageHeads.isEmpty()) {
      fromHeads = new ArrayList<>(fromHeads);
      List<String> languages = events.stream().map(LanguageGuess::of).toList();
      for (LanguageHeads language : languageHeads) {
        relabel(language, texts, languages, fromHeads);
      }
    }
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

  /** Replaces the labels of the texts in {@code language.language()} by that language's heads of the same names. */
  private static void relabel(LanguageHeads language, List<String> texts, List<String> languages,
      List<Map<String, Classification>> labels) {
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      if (language.language().equals(languages.get(i))) {
        rows.add(i);
      }
    }
    for (int start = 0; start < rows.size(); start += LANGUAGE_CALL_SIZE) {
      List<Integer> call = rows.subList(start, Math.min(rows.size(), start + LANGUAGE_CALL_SIZE));
      List<String> callTexts = call.stream().map(texts::get).toList();
      List<float[]> vectors = language.encoder().embed(callTexts).vectors();
      List<Map<String, Classification>> relabelled = language.heads().classify(callTexts, vectors,
          language.encoder().modelName(), language.encoder().modelVersion());
      for (int j = 0; j < call.size(); j++) {
        Map<String, Classification> merged = new LinkedHashMap<>(labels.get(call.get(j)));
        merged.putAll(relabelled.get(j));
        labels.set(call.get(j), merged);
      }
    }
  }

  /**
   * The moderation labels whose score reached their threshold, in threshold order; none for an event
   * without labels. The thresholds are {@code enrich.moderation.thresholds}, or when that is empty
   * those the head that labelled the event ships with (the English and the Chinese heads differ).
   */
  @Override
  public List<String> flags(Map<String, Classification> labels) {
    Classification verdict = settings.moderationEnabled() ? labels.get(settings.moderationClassifier()) : null;
    if (verdict == null) {
      return List.of();
    }
    Map<String, Double> thresholds = settings.moderationThresholds().isEmpty()
        ? headThresholds(verdict.version()) : settings.moderationThresholds();
    List<String> flags = new ArrayList<>();
    thresholds.forEach((label, threshold) -> {
      Float score = verdict.scores().get(label);
      if (score != null && score >= threshold) {
        flags.add(label);
      }
    });
    return flags;
  }

  /** The thresholds of the moderation head of this version, among the service's and the languages' heads. */
  private Map<String, Double> headThresholds(String version) {
    List<HeadSet> sets = new ArrayList<>();
    if (heads != null) {
      sets.add(heads);
    }
    languageHeads.forEach(l -> sets.add(l.heads()));
    for (HeadSet set : sets) {
      for (Head head : set.heads()) {
        if (head.name().equals(settings.moderationClassifier()) && head.version().equals(version)) {
          return head.thresholds();
        }
      }
    }
    return Map.of();
  }

  @Override
  public String modelNames() {
    List<String> names = new ArrayList<>(headNames());
    names.addAll(classifierNames());
    return String.join(",", names);
  }

  @Override
  public boolean active() {
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
    if (settings.moderationThresholds().isEmpty() && moderationHeadsWithoutThresholds()) {
      throw new IllegalArgumentException("enrich.moderation.thresholds is empty, which means the thresholds of the head "
          + settings.moderationClassifier() + ", but it has none of its own; name the labels that flag an event, e.g."
          + " enrich.moderation.thresholds=toxic=0.5,spam=0.5, train the head with `enrich train-head --max-false-flag-rate`,"
          + " or set enrich.moderation.topic= (empty) to turn moderation routing off");
    }
    Set<String> unknown = new TreeSet<>(settings.moderationThresholds().keySet());
    labels.forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("enrich.moderation.thresholds names labels " + unknown + " that "
          + settings.moderationClassifier() + " does not have; its labels are " + labels);
    }
  }

  private boolean moderationHeadsWithoutThresholds() {
    List<Head> moderationHeads = new ArrayList<>();
    if (heads != null) {
      heads.heads().stream().filter(h -> h.name().equals(settings.moderationClassifier())).forEach(moderationHeads::add);
    }
    languageHeads.forEach(l -> l.heads().heads().stream().filter(h -> h.name().equals(settings.moderationClassifier()))
        .forEach(moderationHeads::add));
    return moderationHeads.isEmpty() || moderationHeads.stream().anyMatch(h -> h.thresholds().isEmpty());
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
    languageHeads.forEach(l -> l.encoder().close());
    classifiers.forEach(SequenceClassifier::close);
  }
}
