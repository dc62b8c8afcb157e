package io.textenrich.schemas.registry;

/**
 * A schema registry request that failed, either with the registry's answer (HTTP status and the
 * registry's own {@code error_code}) or without any answer.
 */
public final class SchemaRegistryException extends RuntimeException {

  /** Confluent's code for "subject not found". */
  public static final int SUBJECT_NOT_FOUND = 40401;
  /** Confluent's code for "schema not found" (an unknown id, or a schema not under the subject). */
  public static final int SCHEMA_NOT_FOUND = 40403;

  private final int status;
  private final int errorCode;

  SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the registry's answer; -1 when no answer came. */
  public int status() {
    return status;
  }

  /** The registry's {@code error_code}, e.g. 40403; -1 when the answer carried none. */
  public int errorCode() {
    return errorCode;
  }

  /**
   * True when the same request may succeed later: no answer, a server-side error, a timeout or rate
   * limiting. Such a failure says nothing about the data that needed the registry.
   */
  public boolean retriable() {
    return status < 0 || status >= 500 || status == 408 || status == 429;
  }

  /** True when the registry itself answered that it has no such schema. */
  public boolean schemaNotFound() {
    return errorCode == SCHEMA_NOT_FOUND;
  }

  /** True when the registry itself answered that it has no such subject. */
  public boolean subjectNotFound() {
    return errorCode == SUBJECT_NOT_FOUND;
  }
}
