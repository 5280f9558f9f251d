package dev.portcullis.identity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to the token endpoint as the HTTP layer received it: the form parameters (each with
 * every value it was given, so repeats can be refused), the {@code DPoP} header, and the method
 * and URL the proof must name. Its {@link #toString()} shows parameter names only.
 *
 * @param form      the {@code application/x-www-form-urlencoded} parameters
 * @param dpopProof the {@code DPoP} header, or {@code null}
 * @param method    the HTTP method
 * @param url       the request URL as the gateway is reached
 */
public record TokenRequest(Map<String, List<String>> form, String dpopProof, String method, String url) {
  public TokenRequest {
    Objects.requireNonNull(form, "form");
    var copy = new LinkedHashMap<String, List<String>>();
    form.forEach((name, values) -> copy.put(Objects.requireNonNull(name, "parameter name"),
        values == null ? List.of() : List.copyOf(values)));
    form = Collections.unmodifiableMap(copy);
  }

  @Override
  public String toString() {
    return "TokenRequest[parameters=" + form.keySet() + ", dpop=" + (dpopProof == null ? "none" : "<redacted>")
        + ", " + method + " " + url + "]";
  }
}
