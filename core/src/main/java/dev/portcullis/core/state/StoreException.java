package dev.portcullis.core.state;

/** The store could not complete an operation; the request it served fails closed. */
public final class StoreException extends RuntimeException {
  /** A failure with its cause. */
  public StoreException(String message, Throwable cause) { super(message, cause); }
}
