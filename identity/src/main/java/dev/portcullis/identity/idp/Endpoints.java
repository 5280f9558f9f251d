package dev.portcullis.identity.idp;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * The rule for URLs the gateway fetches keys and metadata from: https, except plain http to the
 * loopback interface, which only a local development or test provider can be on.
 */
final class Endpoints {
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private Endpoints() {}

  /** Whether {@code uri} is an absolute https URL, or an http URL to a loopback host, with a host and no fragment. */
  static boolean isFetchable(URI uri) {
    if (uri == null || !uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null
        || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      return false;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost()));
  }

  /** Whether a host name is one of the loopback names this gateway allows plain http for. */
  static boolean isLoopback(String host) {
    return LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
  }

  /** {@code text} as a URI, or {@code null} when it is not one. */
  static URI parse(String text) {
    if (text == null) return null;
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }
}
