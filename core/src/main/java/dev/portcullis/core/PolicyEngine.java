package dev.portcullis.core;

import java.time.Instant;
import java.util.Map;

/**
 * Decides whether a call may happen. Implementations are pure functions of the request and the
 * loaded policy set; they are called on the request path and must be fast.
 */
public interface PolicyEngine {

  /** Decides a tools/call (or another method when {@code tool} is null). Never throws: errors deny. */
  Decision decide(PolicyRequest request);

  /**
   * Whether a tool should be listed to the agent at all: true when some allow or approval rule
   * could match it and no deny rule matches it regardless of arguments.
   */
  boolean mayList(PolicyRequest request);

  /** Digest of the policy set in force. */
  String version();

  /**
   * What the policy sees of a call.
   *
   * @param method    the JSON-RPC method
   * @param principal the caller
   * @param tool      the tool, or {@code null}
   * @param arguments the call's arguments (empty when listing)
   * @param session   session attributes
   * @param time      the time of the call
   */
  record PolicyRequest(String method, Principal principal, ToolDefinition tool, Map<String, Object> arguments,
                       Map<String, Object> session, Instant time) {}
}
