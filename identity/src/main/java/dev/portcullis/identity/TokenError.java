package dev.portcullis.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A refused token request: the OAuth error code (RFC 6749 §5.2, RFC 8693 §2.2.2, RFC 9396 §5,
 * RFC 9449 §5), a description for the client, the HTTP status, and the facts known about the
 * request when it was refused, for audit. The description is a fixed sentence that may name agent
 * ids, instance subjects, task ids and tool names, never a token, proof or other secret.
 */
public final class TokenError extends RuntimeException {
  /** The error codes of the token endpoint, with their HTTP status. */
  public enum Code {
    /** A parameter is missing, repeated, malformed or not supported. */
    INVALID_REQUEST("invalid_request", 400),
    /** The actor token (the client's own credential) is refused. */
    INVALID_CLIENT("invalid_client", 401),
    /** The subject token (the grant) is invalid, expired or revoked. */
    INVALID_GRANT("invalid_grant", 400),
    /** The actor may not act for this user, or may not be delegated to. */
    UNAUTHORIZED_CLIENT("unauthorized_client", 400),
    /** A grant type other than token exchange. */
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    /** The resource or audience is not one this gateway issues tokens for, or not one the parent allows. */
    INVALID_TARGET("invalid_target", 400),
    /** The authorization details are malformed or ask for more than the parent token grants. */
    INVALID_AUTHORIZATION_DETAILS("invalid_authorization_details", 400),
    /** The DPoP proof is missing or refused. */
    INVALID_DPOP_PROOF("invalid_dpop_proof", 400);

    private final String value;
    private final int status;

    Code(String value, int status) {
      this.value = value;
      this.status = status;
    }

    /** The {@code error} value on the wire. */
    public String value() { return value; }

    /** The HTTP status of the error response. */
    public int status() { return status; }
  }

  private final Code code;
  private final String description;
  private final Map<String, Object> facts;

  /** A refusal with this code and description, and no facts yet. */
  public TokenError(Code code, String description) {
    this(code, description, Map.of());
  }

  private TokenError(Code code, String description, Map<String, Object> facts) {
    super(code.value() + ": " + description, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.description = Objects.requireNonNull(description, "description");
    this.facts = Map.copyOf(facts);
  }

  /** The error code. */
  public Code code() { return code; }

  /** What was wrong, for the client. */
  public String description() { return description; }

  /** The HTTP status to answer with. */
  public int status() { return code.status(); }

  /** What was known about the request (agent, instance, user, task, ...) when it was refused; never a token. */
  public Map<String, Object> facts() { return facts; }

  /** The JSON body of the error response: {@code error} and {@code error_description}. */
  public Map<String, Object> body() {
    var body = new LinkedHashMap<String, Object>();
    body.put("error", code.value());
    body.put("error_description", description);
    return body;
  }

  /** The same refusal carrying these facts. */
  TokenError withFacts(Map<String, Object> known) {
    return new TokenError(code, description, known);
  }
}
