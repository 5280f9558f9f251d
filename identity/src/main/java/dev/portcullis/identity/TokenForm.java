package dev.portcullis.identity;

import dev.portcullis.identity.TokenError.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The form parameters of a token request, read by the rules of RFC 6749 §3.2: a parameter without
 * a value counts as absent, unknown parameters are ignored, and a known parameter may not be given
 * twice — except {@code resource} and {@code audience}, which RFC 8693 allows to repeat (and
 * which {@link #target()} then insists name one resource in all).
 */
final class TokenForm {
  /** The parameters that take one value. */
  static final Set<String> SINGLE_VALUED = Set.of("grant_type", "subject_token", "subject_token_type", "actor_token",
      "actor_token_type", "requested_token_type", "scope", "instance", "authorization_details", "requested_expires_in");

  private final Map<String, List<String>> parameters;

  /** The form, refusing any single-valued parameter given more than once. */
  TokenForm(Map<String, List<String>> parameters) {
    this.parameters = parameters;
    for (String name : SINGLE_VALUED) {
      if (values(name).size() > 1) throw new TokenError(Code.INVALID_REQUEST, "parameter '" + name + "' is given more than once");
    }
  }

  /** The value of a single-valued parameter, or {@code null} when absent. */
  String single(String name) {
    List<String> values = values(name);
    return values.isEmpty() ? null : values.getFirst();
  }

  /** The value of a single-valued parameter that must be present. */
  String required(String name) {
    String value = single(name);
    if (value == null) throw new TokenError(Code.INVALID_REQUEST, "parameter '" + name + "' is required");
    return value;
  }

  /** Refuses any of these parameters when present: they have no meaning for this kind of exchange. */
  void refuse(String kind, String... names) {
    for (String name : names) {
      if (!values(name).isEmpty()) {
        throw new TokenError(Code.INVALID_REQUEST, "parameter '" + name + "' has no meaning for " + kind);
      }
    }
  }

  /** The one resource named by {@code resource} and {@code audience} together. */
  String target() {
    var targets = new ArrayList<String>(values("resource"));
    targets.addAll(values("audience"));
    if (targets.size() != 1) {
      throw new TokenError(Code.INVALID_TARGET, "exactly one resource or audience is required, " + targets.size()
          + " given");
    }
    return targets.getFirst();
  }

  private List<String> values(String name) {
    List<String> values = parameters.get(name);
    if (values == null) return List.of();
    return values.stream().filter(value -> value != null && !value.isEmpty()).toList();
  }
}
