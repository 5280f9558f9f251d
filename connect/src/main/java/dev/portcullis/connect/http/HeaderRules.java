package dev.portcullis.connect.http;

import java.util.Locale;
import java.util.Set;

/**
 * Which request headers an agent's arguments may set. Credentials, cookies and the routing and framing
 * headers belong to the gateway and the HTTP client; an agent that could set them could impersonate
 * someone else or smuggle a second request.
 */
final class HeaderRules {
  private static final Set<String> RESERVED = Set.of(
      "authorization", "proxy-authorization", "cookie", "set-cookie", "host", "content-length", "content-type",
      "transfer-encoding", "te", "trailer", "connection", "keep-alive", "upgrade", "expect", "forwarded", "via",
      "accept-encoding", "dpop");

  private HeaderRules() {}

  /** Why {@code name} cannot be an agent-set header, or {@code null} when it can. */
  static String problemWithAgentHeader(String name) {
    if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) return "'" + name + "' is not a valid header name";
    String lower = name.toLowerCase(Locale.ROOT);
    if (RESERVED.contains(lower) || lower.startsWith("proxy-") || lower.startsWith("x-forwarded-") || lower.startsWith("sec-")) {
      return "'" + name + "' is reserved to the gateway";
    }
    return null;
  }
}
