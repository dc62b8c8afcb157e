package io.textenrich.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Benchmark figures in the order they were measured, written as JSON on request. */
public final class BenchResult {

  private final Map<String, Object> figures = new LinkedHashMap<>();

  void put(String key, Object value) {
    figures.put(key, value);
  }

  public Map<String, Object> figures() {
    return figures;
  }

  public double number(String key) {
    return ((Number) figures.get(key)).doubleValue();
  }

  public void writeJson(Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), figures);
  }
}
