package io.textenrich.topology.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka Streams names a state metric's store tag after the store's type ({@code in.memory.state.id},
 * {@code in.memory.window.state.id}, {@code rocksdb.state.id}, ...). Prometheus wants one set of tag
 * keys per metric name, so with a key-value and a window store the second one's metrics were
 * dropped. Every such tag becomes {@code store} plus {@code store.type}.
 */
public final class StoreTagFilter implements MeterFilter {

  private static final String STATE_METRICS = "kafka.stream.state";
  private static final String ID_SUFFIX = ".state.id";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith(STATE_METRICS)) {
      return id;
    }
    List<Tag> tags = new ArrayList<>();
    boolean changed = false;
    for (Tag tag : id.getTagsAsIterable()) {
      if (tag.getKey().endsWith(ID_SUFFIX)) {
        tags.add(Tag.of("store", tag.getValue()));
        tags.add(Tag.of("store.type", tag.getKey().substring(0, tag.getKey().length() - ID_SUFFIX.length())));
        changed = true;
      } else {
        tags.add(tag);
      }
    }
    return changed ? id.replaceTags(tags) : id;
  }
}
