package io.textenrich.model;

/**
 * What {@link SentenceEmbedder} loads and how.
 *
 * @param model a built-in model id ({@link BuiltinModel}) or a model directory
 * @param pooling overrides the model's own pooling; null keeps it
 * @param maxLength overrides the model's token limit; 0 keeps it
 */
public record EmbedderSettings(String model, Pooling pooling, int maxLength, SessionSettings session) {

  public static final String DEFAULT_MODEL = BuiltinModel.ALL_MINILM_L6_V2_Q.id();

  public EmbedderSettings {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("embedding model is required: a built-in id (" + BuiltinModel.ids() + ") or a directory");
    }
    if (maxLength < 0) {
      throw new IllegalArgumentException("max length must be >= 0 (0 = the model's own limit), got " + maxLength);
    }
    if (session == null) {
      throw new IllegalArgumentException("session settings are required");
    }
  }

  public static EmbedderSettings of(String model) {
    return new EmbedderSettings(model, null, 0, SessionSettings.defaults());
  }

  public EmbedderSettings withSession(SessionSettings value) {
    return new EmbedderSettings(model, pooling, maxLength, value);
  }
}
