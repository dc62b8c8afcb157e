package io.textenrich.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** Consumers built against an older EnrichedText keep reading newer records, and the other way round. */
class SchemaEvolutionTest {

  private static Schema firstRelease() throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/compat/EnrichedText-v1.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  @Test
  void theCurrentSchemaReadsRecordsOfTheFirstReleaseAndTheFirstReleaseReadsCurrentRecords() throws IOException {
    Schema v1 = firstRelease();
    Schema current = EnrichedText.getClassSchema();
    assertEquals(SchemaCompatibilityType.COMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(current, v1).getType(), "new reader, old writer");
    assertEquals(SchemaCompatibilityType.COMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(v1, current).getType(), "old reader, new writer");
  }

  @Test
  void fieldsAddedSinceTheFirstReleaseHaveDefaults() throws IOException {
    Schema v1 = firstRelease();
    for (Schema.Field field : EnrichedText.getClassSchema().getFields()) {
      if (v1.getField(field.name()) == null) {
        assertTrue(field.hasDefaultValue(), field.name() + " needs a default");
      }
    }
  }
}
