package dev.portcullis.core;

/**
 * The single mapping of {@link GatewayError} to HTTP status and JSON-RPC error code.
 *
 * <p>Protocol-level failures (authentication, size, malformed JSON, routing) use HTTP status
 * codes, because MCP clients act on them before reading a body. Decisions about a well-formed
 * call (policy, approval, registry, throttle) travel as JSON-RPC errors in a 200 response, so the
 * agent sees the reason in-band; their codes sit in the implementation-defined server range.
 */
public final class ErrorMapping {
  /** JSON-RPC code: the call was refused by a gateway decision (policy, approval, kill switch, registry). */
  public static final int FORBIDDEN = -32003;
  /** JSON-RPC code: throttled. */
  public static final int THROTTLED = -32029;
  /** JSON-RPC code: the routing headers disagree with the body (MCP 2026-07-28). */
  public static final int HEADER_MISMATCH = -32020;
  /** JSON-RPC code: the protocol version asked for is not supported (MCP 2026-07-28). */
  public static final int UNSUPPORTED_VERSION = -32022;
  /** JSON-RPC code: authentication failed. */
  public static final int UNAUTHENTICATED = -32001;
  /** JSON-RPC code: the upstream failed. */
  public static final int UPSTREAM = -32004;
  /** JSON-RPC code: no credential could be checked out for the backend. */
  public static final int CREDENTIAL = -32006;
  /** JSON-RPC code: the gateway could not write its audit record. */
  public static final int AUDIT = -32005;

  private ErrorMapping() {}

  /** The HTTP status to answer with. */
  public static int httpStatus(GatewayError error) {
    return switch (error) {
      case GatewayError.Malformed m -> 400;
      case GatewayError.MethodNotFound m -> 200;
      case GatewayError.InvalidParams m -> 200;
      case GatewayError.HeaderMismatch m -> 400;
      case GatewayError.UnsupportedVersion m -> 400;
      case GatewayError.TooLarge m -> 413;
      case GatewayError.Unauthenticated m -> 401;
      case GatewayError.SessionNotFound m -> 404;
      case GatewayError.UnknownTool m -> 200;
      case GatewayError.ToolBlocked m -> 200;
      case GatewayError.PolicyDenied m -> 200;
      case GatewayError.ApprovalRefused m -> 200;
      case GatewayError.Stopped m -> 200;
      case GatewayError.Throttled m -> 429;
      case GatewayError.UpstreamFailed m -> 502;
      case GatewayError.CredentialUnavailable m -> 200;
      case GatewayError.AuditUnavailable m -> 503;
      case GatewayError.Internal m -> 500;
    };
  }

  /** The JSON-RPC error code to answer with. */
  public static int jsonRpcCode(GatewayError error) {
    return switch (error) {
      case GatewayError.Malformed m -> -32700;
      case GatewayError.MethodNotFound m -> -32601;
      case GatewayError.InvalidParams m -> -32602;
      case GatewayError.HeaderMismatch m -> HEADER_MISMATCH;
      case GatewayError.UnsupportedVersion m -> UNSUPPORTED_VERSION;
      case GatewayError.TooLarge m -> -32600;
      case GatewayError.Unauthenticated m -> UNAUTHENTICATED;
      case GatewayError.SessionNotFound m -> -32600;
      case GatewayError.UnknownTool m -> -32602;
      case GatewayError.ToolBlocked m -> FORBIDDEN;
      case GatewayError.PolicyDenied m -> FORBIDDEN;
      case GatewayError.ApprovalRefused m -> FORBIDDEN;
      case GatewayError.Stopped m -> FORBIDDEN;
      case GatewayError.Throttled m -> THROTTLED;
      case GatewayError.UpstreamFailed m -> UPSTREAM;
      case GatewayError.CredentialUnavailable m -> CREDENTIAL;
      case GatewayError.AuditUnavailable m -> AUDIT;
      case GatewayError.Internal m -> -32603;
    };
  }

  /** A short stable name for the error kind, used in audit records and metrics. */
  public static String kind(GatewayError error) {
    return error.getClass().getSimpleName();
  }
}
