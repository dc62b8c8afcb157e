package io.textenrich.topology.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class ProcessingFailuresTest {

  /** A processor with a bug that only one input triggers. */
  private static final class FailsOnBoom implements Processor<String, String, String, String> {
    private ProcessorContext<String, String> context;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, String> record) {
      if (record.value().contains("boom")) {
        throw new IllegalStateException("a bug in the processor");
      }
      context.forward(record);
    }
  }

  @Test
  void anExceptionEscapingAProcessorDeadLettersTheOriginalBytesWithTheReasonAndTheNextRecordIsProcessed() {
    Topology topology = new Topology();
    topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "raw-text");
    topology.addProcessor("buggy", FailsOnBoom::new, "in");
    topology.addSink("out", "enriched-text", new StringSerializer(), new StringSerializer(), "buggy");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "processing-failures-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailures.class.getName());
    props.put(ProcessingFailures.TOPIC_CONFIG, "raw-text-dead-letter");

    try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
      TestInputTopic<byte[], byte[]> input = driver.createInputTopic("raw-text", new ByteArraySerializer(), new ByteArraySerializer());
      TestOutputTopic<String, String> output = driver.createOutputTopic("enriched-text", new StringDeserializer(), new StringDeserializer());
      TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic("raw-text-dead-letter", new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
      byte[] boom = "{\"id\":\"b\",\"text\":\"boom\"}".getBytes(StandardCharsets.UTF_8);
      input.pipeInput(bytes("a"), bytes("fine"));
      input.pipeInput(bytes("b"), boom);
      input.pipeInput(bytes("c"), bytes("fine too"));

      assertEquals(2, output.readValuesToList().size(), "the records before and after the failing one go on");
      TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
      assertArrayEquals(bytes("b"), dead.key());
      assertArrayEquals(boom, dead.value(), "the original bytes");
      assertEquals(ProcessingFailures.REASON, header(dead, DeadLetters.REASON));
      assertEquals("raw-text", header(dead, DeadLetters.SOURCE_TOPIC));
      assertEquals("1", header(dead, DeadLetters.SOURCE_OFFSET));
      assertEquals("java.lang.IllegalStateException: a bug in the processor", header(dead, DeadLetters.MESSAGE));
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(TestRecord<byte[], byte[]> record, String key) {
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }
}
