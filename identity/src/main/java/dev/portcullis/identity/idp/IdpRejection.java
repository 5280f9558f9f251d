package dev.portcullis.identity.idp;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;

/**
 * Builds the {@link GatewayError.Unauthenticated} failures of user-token checks. Reasons are fixed
 * sentences written in this package; the only values they may name come from configuration (an
 * issuer, a policy claim name, a limit), never from the token, which is a secret and attacker input.
 */
final class IdpRejection {
  private IdpRejection() {}

  /** A refusal with this reason. */
  static GatewayException of(String reason) {
    return new GatewayException(new GatewayError.Unauthenticated(reason));
  }
}
