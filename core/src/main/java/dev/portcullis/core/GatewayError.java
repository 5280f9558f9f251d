package dev.portcullis.core;

/**
 * The one closed set of reasons an exchange can fail. Every variant carries what was wrong and
 * with which value; {@link ErrorMapping} is the only place that turns a variant into an HTTP status
 * or a JSON-RPC error code. Messages never contain a secret (tokens, credentials, argument values).
 */
public sealed interface GatewayError {

  /** A sentence for the caller saying what was wrong. */
  String message();

  /** The request body is not JSON, or not a JSON-RPC 2.0 message. */
  record Malformed(String message) implements GatewayError {}

  /** The JSON-RPC method is not one this endpoint serves. */
  record MethodNotFound(String method) implements GatewayError {
    public String message() { return "method '" + method + "' is not supported by this endpoint"; }
  }

  /** The parameters of a known method are missing or of the wrong shape. */
  record InvalidParams(String message) implements GatewayError {}

  /** A routing header disagrees with the body (MCP 2026-07-28). */
  record HeaderMismatch(String header, String headerValue, String bodyValue) implements GatewayError {
    public String message() {
      return "header " + header + " is '" + headerValue + "' but the body says '" + bodyValue + "'";
    }
  }

  /** The protocol version asked for is not one this gateway speaks. */
  record UnsupportedVersion(String requested, java.util.List<String> supported) implements GatewayError {
    public String message() { return "protocol version '" + requested + "' is not supported; supported: " + supported; }
  }

  /** A body larger than the configured limit. */
  record TooLarge(String what, long limitBytes) implements GatewayError {
    public String message() { return what + " exceeds the limit of " + limitBytes + " bytes"; }
  }

  /** No usable credential: missing, forged, expired, wrong audience, unknown or disabled agent. */
  record Unauthenticated(String message) implements GatewayError {}

  /** A session id that this gateway did not issue, has ended, or belongs to another agent. */
  record SessionNotFound(String message) implements GatewayError {}

  /** The tool is not registered for agents (default deny). */
  record UnknownTool(String tool) implements GatewayError {
    public String message() { return "tool '" + tool + "' is not registered"; }
  }

  /** The tool is registered but blocked, e.g. its upstream definition no longer matches the pinned digest. */
  record ToolBlocked(String tool, String reason) implements GatewayError {
    public String message() { return "tool '" + tool + "' is blocked: " + reason; }
  }

  /** The policy denied the call; {@code rule} names the deciding rule (or none when nothing matched). */
  record PolicyDenied(String rule, String reason) implements GatewayError {
    public String message() { return "denied by policy" + (rule == null ? "" : " rule '" + rule + "'") + ": " + reason; }
  }

  /** A human denied the held call, or no one decided before it expired. */
  record ApprovalRefused(String approvalId, String reason) implements GatewayError {
    public String message() { return "approval " + approvalId + " " + reason; }
  }

  /** A kill switch is engaged for this scope. */
  record Stopped(String scope, String reason) implements GatewayError {
    public String message() { return "stopped by kill switch on " + scope + (reason == null || reason.isBlank() ? "" : ": " + reason); }
  }

  /** A rate or quantity limit is exhausted. */
  record Throttled(String limit, long retryAfterSeconds) implements GatewayError {
    public String message() { return "rate limit '" + limit + "' exceeded; retry after " + retryAfterSeconds + " s"; }
  }

  /** The upstream could not be reached or answered with something that is not MCP. */
  record UpstreamFailed(String upstream, String message) implements GatewayError {}

  /**
   * No credential could be checked out for the backend (the vault is sealed, the backend refused to
   * mint), so the call was not made. The reason names the backend and the cause, never a secret.
   */
  record CredentialUnavailable(String backend, String reason) implements GatewayError {
    public String message() { return "no credential for backend '" + backend + "': " + reason; }
  }

  /** The audit record could not be made durable, so the call was not made. */
  record AuditUnavailable(String message) implements GatewayError {}

  /** A fault inside the gateway. The message names the stage, never internal details. */
  record Internal(String message) implements GatewayError {}
}
