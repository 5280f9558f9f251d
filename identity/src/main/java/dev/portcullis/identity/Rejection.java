package dev.portcullis.identity;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;

/**
 * Builds the {@link GatewayError.Unauthenticated} failures of token checks. Reasons are fixed
 * sentences written here, never text taken from the token (which is a secret and attacker input);
 * the only value a reason may name is an agent id, and only after the signature was verified.
 */
final class Rejection {
  private Rejection() {}

  /** A refusal with this reason. */
  static GatewayException of(String reason) {
    return new GatewayException(new GatewayError.Unauthenticated(reason));
  }
}
