package io.textenrich.model;

/**
 * Whether an engine can still run its model, and if not, why: what a health check reports so that
 * an orchestrator restarts an instance whose model can no longer run.
 *
 * @param reason null when up
 */
public record EngineHealth(boolean up, String reason) {

  public static final EngineHealth UP = new EngineHealth(true, null);

  public static EngineHealth down(String reason) {
    return new EngineHealth(false, reason);
  }
}
