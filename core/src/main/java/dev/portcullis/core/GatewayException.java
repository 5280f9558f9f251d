package dev.portcullis.core;

/** Carries a {@link GatewayError} out of a stage; the chain turns it into a failed outcome. */
public final class GatewayException extends RuntimeException {
  private final transient GatewayError error;

  /** Wraps an error. */
  public GatewayException(GatewayError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  /** The error carried. */
  public GatewayError error() { return error; }
}
