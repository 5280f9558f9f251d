package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  static Map<String, Object> modernCall(String tool) {
    return Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params", Map.of("name", tool, "arguments", Map.of(),
        "_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28", "io.modelcontextprotocol/clientCapabilities", Map.of())));
  }

  static GatewayError errorOf(Runnable r) {
    try {
      r.run();
    } catch (GatewayException e) {
      return e.error();
    }
    throw new AssertionError("no error");
  }

  @Test
  void parse_initializeWithoutClaim_isLegacy() {
    var e = Envelope.parse(Map.of("jsonrpc", "2.0", "id", "a", "method", "initialize", "params", Map.of("protocolVersion", "2025-11-25")), null);
    assertThat(e.modern()).isFalse();
  }

  @Test
  void parse_metaClaim_isModern() {
    var e = Envelope.parse(modernCall("up.echo"), "2026-07-28");
    assertThat(e.modern()).isTrue();
    assertThat(e.version()).isEqualTo("2026-07-28");
  }

  @Test
  void parse_futureVersion_isUnsupportedWithSupportedList() {
    var body = new HashMap<>(modernCall("x"));
    body.put("params", Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2027-01-01")));
    assertThat(errorOf(() -> Envelope.parse(body, null))).isInstanceOf(GatewayError.UnsupportedVersion.class);
  }

  @Test
  void parse_modernHeaderWithoutClaim_isRefused() {
    var body = Map.<String, Object>of("jsonrpc", "2.0", "id", 1, "method", "tools/list");
    assertThat(errorOf(() -> Envelope.parse(body, "2026-07-28"))).isInstanceOf(GatewayError.InvalidParams.class);
  }

  @Test
  void parse_batchOrBadShapes_areMalformed() {
    assertThat(errorOf(() -> Envelope.parse(List.of(), null))).isInstanceOf(GatewayError.Malformed.class);
    assertThat(errorOf(() -> Envelope.parse(Map.of("jsonrpc", "1.0", "method", "x"), null))).isInstanceOf(GatewayError.Malformed.class);
    assertThat(errorOf(() -> Envelope.parse(Map.of("jsonrpc", "2.0", "id", 1, "result", Map.of()), null))).isInstanceOf(GatewayError.Malformed.class);
    assertThat(errorOf(() -> Envelope.parse(Map.of("jsonrpc", "2.0", "id", List.of(), "method", "x"), null))).isInstanceOf(GatewayError.Malformed.class);
  }

  @Test
  void routingHeaders_nameDisagreesWithBody_isHeaderMismatch() {
    var e = Envelope.parse(modernCall("up.delete_everything"), "2026-07-28");
    Function<String, String> headers = h -> Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
        "Mcp-Name", "up.echo").get(h);

    var error = errorOf(() -> RoutingHeaders.check(e, headers));

    assertThat(error).isEqualTo(new GatewayError.HeaderMismatch("Mcp-Name", "up.echo", "up.delete_everything"));
  }

  @Test
  void routingHeaders_missingMethodHeader_isHeaderMismatch() {
    var e = Envelope.parse(modernCall("up.echo"), "2026-07-28");
    Function<String, String> headers = h -> Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Name", "up.echo").get(h);

    assertThat(errorOf(() -> RoutingHeaders.check(e, headers)))
        .isEqualTo(new GatewayError.HeaderMismatch("Mcp-Method", "(missing)", "tools/call"));
  }

  @Test
  void routingHeaders_base64EncodedName_isDecodedBeforeComparing() {
    var e = Envelope.parse(modernCall("up.écho"), "2026-07-28");
    String encoded = "=?base64?" + java.util.Base64.getEncoder().encodeToString("up.écho".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "?=";
    Function<String, String> headers = h -> Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
        "Mcp-Name", encoded).get(h);

    RoutingHeaders.check(e, headers);
    assertThat(e.method()).isEqualTo("tools/call");
  }

  @Test
  void routingHeaders_missingCapabilities_isInvalidParams() {
    var body = new HashMap<>(modernCall("x"));
    body.put("params", Map.of("name", "x", "_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28")));
    var e = Envelope.parse(body, "2026-07-28");
    Function<String, String> headers = h -> Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "x").get(h);

    assertThat(errorOf(() -> RoutingHeaders.check(e, headers))).isInstanceOf(GatewayError.InvalidParams.class);
  }
}
