package dev.portcullis.identity;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The workload identity of an agent: the SPIFFE-style URI {@code spiffe://<trust-domain>/agent/<agentId>}.
 *
 * <p>Agent ids follow the registry's rule {@code [a-z0-9][a-z0-9._-]*}, which is also a valid
 * SPIFFE path segment (it can never be {@code .} or {@code ..}).
 */
final class AgentSubject {
  /** The longest agent id accepted; longer ids are not ones the registry hands out. */
  static final int MAX_AGENT_ID_LENGTH = 128;

  private static final Pattern AGENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");

  private final String prefix;

  /** Subjects in this trust domain. */
  AgentSubject(String trustDomain) {
    if (!isTrustDomain(trustDomain)) throw new IllegalArgumentException("not a trust domain: '" + trustDomain + "'");
    this.prefix = "spiffe://" + trustDomain + "/agent/";
  }

  /** Whether the value is a SPIFFE trust domain name. */
  static boolean isTrustDomain(String value) {
    return value != null && TRUST_DOMAIN.matcher(value).matches();
  }

  /** Whether the value is a well-formed agent id. */
  static boolean isAgentId(String value) {
    return value != null && value.length() <= MAX_AGENT_ID_LENGTH && AGENT_ID.matcher(value).matches();
  }

  /** The subject URI of an agent. */
  String of(String agentId) {
    if (!isAgentId(agentId)) {
      throw new IllegalArgumentException("agent id must match [a-z0-9][a-z0-9._-]* (at most "
          + MAX_AGENT_ID_LENGTH + " characters)");
    }
    return prefix + agentId;
  }

  /** The agent id named by a subject URI of this trust domain, or empty when it is not one. */
  Optional<String> agentId(String subject) {
    if (subject == null || !subject.startsWith(prefix)) return Optional.empty();
    String id = subject.substring(prefix.length());
    return isAgentId(id) ? Optional.of(id) : Optional.empty();
  }
}
