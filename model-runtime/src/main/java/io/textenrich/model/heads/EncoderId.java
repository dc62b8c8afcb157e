package io.textenrich.model.heads;

/**
 * The encoder whose vectors a head was trained on. A head only runs on vectors of the same weights
 * ({@code version}), since another encoder's vector space means nothing to it.
 *
 * @param model the encoder's id or directory name, for people and for loading it again
 * @param version {@code sha256:} and the first 12 hex digits of the encoder's ONNX file
 */
public record EncoderId(String model, String version, int dimensions) {

  public EncoderId {
    if (model == null || model.isBlank() || version == null || version.isBlank() || dimensions < 1) {
      throw new IllegalArgumentException("an encoder needs a model name, a version and dimensions >= 1");
    }
  }

  @Override
  public String toString() {
    return model + " (" + version + ", " + dimensions + " dimensions)";
  }
}
