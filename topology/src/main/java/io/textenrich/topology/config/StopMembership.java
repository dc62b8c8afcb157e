package io.textenrich.topology.config;

import java.util.Locale;

/** What a clean stop does with the instance's place in the consumer group. */
public enum StopMembership {
  /** Stay for a static member, which is expected back on the same id; leave otherwise. */
  AUTO,
  /** Leave at once: the other members take the partitions (scale down). */
  LEAVE,
  /** Keep the place: the partitions wait, up to {@code session.timeout.ms}, for the same id to come back. */
  STAY;

  public static StopMembership parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("use auto, leave or stay");
    }
  }

  /** Whether a stop leaves the group, for an instance that is a static member or not. */
  public boolean leaves(boolean staticMember) {
    return this == LEAVE || (this == AUTO && !staticMember);
  }
}
