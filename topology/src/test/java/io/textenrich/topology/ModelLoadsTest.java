package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.BuiltinModel;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.generate.DecoderModel;
import io.textenrich.topology.config.ServiceConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelLoadsTest {

  private static final String CHINESE = BuiltinModel.BGE_SMALL_ZH_V15_Q.id();

  @Test
  void everyModelTheDefaultsAndCompletionsNameIsLoadedAndWhatAPartTookOutlivesTheLoads() {
    ServiceConfig config = ServiceConfig.fromMap(Map.of("enrich.completion.mode", "all"));
    SentenceEmbedder service;
    SentenceEmbedder chinese;
    DecoderModel decoder;
    try (ModelLoads loads = ModelLoads.start(config)) {
      service = loads.serviceEncoder();
      chinese = loads.languageEncoder(CHINESE, config.embedder().session());
      decoder = loads.decoder();
    }
    try (service; chinese; decoder) {
      assertEquals(config.embedder().model(), service.modelName());
      assertEquals(CHINESE, chinese.modelName());
      assertEquals(DecoderModel.DEFAULT_MODEL, decoder.name());
      assertEquals(1, service.embed(List.of("still open after the loads closed")).size());
      assertEquals(1, chinese.embed(List.of("仍然可用")).size());
    }
  }

  @Test
  void aDecoderThatCannotLoadFailsWithItsOwnErrorWhenTaken() {
    ServiceConfig config = ServiceConfig.fromMap(Map.of("enrich.completion.mode", "all",
        "enrich.completion.model", "no-such-decoder", "enrich.heads", "none"));
    try (ModelLoads loads = ModelLoads.start(config)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, loads::decoder);
      assertTrue(e.getMessage().contains("'no-such-decoder' is neither a built-in model"), e.getMessage());
      loads.serviceEncoder().close();
    }
  }

  @Test
  void withCompletionsOffThereIsNoDecoderToTake() {
    ServiceConfig config = ServiceConfig.fromMap(Map.of("enrich.heads", "none"));
    try (ModelLoads loads = ModelLoads.start(config)) {
      assertThrows(IllegalStateException.class, loads::decoder);
    }
  }
}
