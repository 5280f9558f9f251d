package dev.portcullis.mcp;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;

/** Builds the gateway error for an upstream that failed; the message never includes credentials. */
final class UpstreamException {
  private UpstreamException() {}

  static GatewayException of(String upstream, String message) {
    return new GatewayException(new GatewayError.UpstreamFailed(upstream, "upstream '" + upstream + "': " + message));
  }
}
