package dev.portcullis.identity;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The workload identities of agents and their instances: the SPIFFE-style URIs
 * {@code spiffe://<trust-domain>/agent/<agentId>} and
 * {@code spiffe://<trust-domain>/agent/<agentId>/i/<instanceId>}.
 *
 * <p>Agent ids follow the registry's rule {@code [a-z0-9][a-z0-9._-]*}, which is also a valid
 * SPIFFE path segment (it can never be {@code .} or {@code ..}). Instance ids are
 * {@code [A-Za-z0-9._-]{1,64}} except {@code .} and {@code ..}, for the same reason. Neither may
 * hold a {@code /}, so a subject splits into its parts in exactly one way.
 */
final class AgentSubject {
  /** The longest agent id accepted; longer ids are not ones the registry hands out. */
  static final int MAX_AGENT_ID_LENGTH = 128;

  private static final Pattern AGENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String INSTANCE_SEGMENT = "/i/";
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

  /** Whether the value is a well-formed instance id. */
  static boolean isInstanceId(String value) {
    return value != null && INSTANCE_ID.matcher(value).matches() && !value.equals(".") && !value.equals("..");
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

  /** The subject URI of an instance of an agent. */
  String of(String agentId, String instanceId) {
    if (!isInstanceId(instanceId)) {
      throw new IllegalArgumentException("instance id must match [A-Za-z0-9._-]{1,64} and not be . or ..");
    }
    return of(agentId) + INSTANCE_SEGMENT + instanceId;
  }

  /** The agent and instance named by an instance subject URI of this trust domain, or empty when it is not one. */
  Optional<InstanceName> instance(String subject) {
    if (subject == null || !subject.startsWith(prefix)) return Optional.empty();
    String rest = subject.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash < 0 || !rest.startsWith(INSTANCE_SEGMENT, slash)) return Optional.empty();
    String agentId = rest.substring(0, slash);
    String instanceId = rest.substring(slash + INSTANCE_SEGMENT.length());
    if (!isAgentId(agentId) || !isInstanceId(instanceId)) return Optional.empty();
    return Optional.of(new InstanceName(agentId, instanceId));
  }

  /** The two parts of an instance subject. */
  record InstanceName(String agentId, String instanceId) {}
}
