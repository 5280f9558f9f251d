package dev.portcullis.server;

import dev.portcullis.mcp.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Serves the gateway's public JSON documents (protected-resource metadata, JWKS). */
final class WellKnown {
  private WellKnown() {}

  static void json(RoutingContext ctx, Map<String, Object> document) {
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "max-age=300")
        .end(Buffer.buffer(Json.bytes(document)));
  }
}
