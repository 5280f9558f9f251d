package dev.portcullis.core;

/**
 * The durable, tamper-evident record of every exchange. {@link #append} returns only once the
 * record is durable; if it cannot be made durable it throws, and the caller must not proceed.
 */
public interface AuditLog extends AutoCloseable {

  /** Appends a record and waits until it is durable; returns its position in the log. */
  long append(AuditRecord record) throws AuditException;

  /** Flushes and releases the log. */
  @Override
  void close();

  /** The record could not be made durable. */
  final class AuditException extends Exception {
    /** An append failure with its cause. */
    public AuditException(String message, Throwable cause) { super(message, cause); }
  }
}
