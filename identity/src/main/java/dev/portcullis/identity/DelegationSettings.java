package dev.portcullis.identity;

import java.time.Duration;
import java.util.ArrayList;

/**
 * The configuration of agent instances, delegation and proof of possession: how long instance
 * and delegation tokens live, how deep a delegation chain may grow, how fresh a DPoP proof must
 * be, how many proofs are remembered to refuse replays, and whether unbound agent credentials are
 * still accepted as bearer tokens.
 *
 * <p>Every invalid value is reported at once, in one {@link IllegalArgumentException}.
 *
 * @param instanceTokenTtl       lifetime of an instance token, between 1 second and 24 hours (never beyond
 *                               the agent credential it was exchanged for)
 * @param delegationTtl          lifetime of a delegation token, between 1 second and 1 hour (never beyond
 *                               the user's token or the parent delegation)
 * @param maxDepth               the most agents a delegation chain may hold, between 1 and {@value #DEEPEST_CHAIN}
 * @param proofMaxAge            how old a DPoP proof's {@code iat} may be, between 1 second and 10 minutes
 * @param proofMaxFuture         how far in the future a DPoP proof's {@code iat} may lie, between 0 and 1 minute
 * @param replayCacheSize        how many recent proofs are remembered, between 1,000 and 10,000,000; when
 *                               full, new proofs are refused rather than old ones forgotten
 * @param allowBearerAgentTokens whether an agent credential without key binding is accepted at the MCP
 *                               endpoint; off by default, so every call carries a proof of possession
 */
public record DelegationSettings(Duration instanceTokenTtl, Duration delegationTtl, int maxDepth,
                                 Duration proofMaxAge, Duration proofMaxFuture, int replayCacheSize,
                                 boolean allowBearerAgentTokens) {
  /** The deepest chain configurable; it keeps delegation tokens within the nesting bound of {@link CompactJws}. */
  public static final int DEEPEST_CHAIN = 6;
  /** Instance token lifetime when none is configured. */
  public static final Duration DEFAULT_INSTANCE_TOKEN_TTL = Duration.ofMinutes(10);
  /** Delegation token lifetime when none is configured. */
  public static final Duration DEFAULT_DELEGATION_TTL = Duration.ofMinutes(5);
  /** Chain depth when none is configured. */
  public static final int DEFAULT_MAX_DEPTH = 4;
  /** Proof age when none is configured. */
  public static final Duration DEFAULT_PROOF_MAX_AGE = Duration.ofSeconds(60);
  /** Proof lead when none is configured. */
  public static final Duration DEFAULT_PROOF_MAX_FUTURE = Duration.ofSeconds(5);
  /** Replay cache size when none is configured. */
  public static final int DEFAULT_REPLAY_CACHE_SIZE = 200_000;

  public DelegationSettings {
    var errors = new ArrayList<String>();
    within("instanceTokenTtl", instanceTokenTtl, Duration.ofSeconds(1), Duration.ofHours(24), errors);
    within("delegationTtl", delegationTtl, Duration.ofSeconds(1), Duration.ofHours(1), errors);
    if (maxDepth < 1 || maxDepth > DEEPEST_CHAIN) {
      errors.add("maxDepth must be between 1 and " + DEEPEST_CHAIN + ", was " + maxDepth);
    }
    within("proofMaxAge", proofMaxAge, Duration.ofSeconds(1), Duration.ofMinutes(10), errors);
    within("proofMaxFuture", proofMaxFuture, Duration.ZERO, Duration.ofMinutes(1), errors);
    if (replayCacheSize < 1_000 || replayCacheSize > 10_000_000) {
      errors.add("replayCacheSize must be between 1000 and 10000000, was " + replayCacheSize);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid delegation settings: " + String.join("; ", errors));
    }
  }

  /** The defaults: 10-minute instance tokens, 5-minute delegations, depth 4, proofs 60 s old / 5 s ahead, no bearer. */
  public static DelegationSettings defaults() {
    return new DelegationSettings(DEFAULT_INSTANCE_TOKEN_TTL, DEFAULT_DELEGATION_TTL, DEFAULT_MAX_DEPTH,
        DEFAULT_PROOF_MAX_AGE, DEFAULT_PROOF_MAX_FUTURE, DEFAULT_REPLAY_CACHE_SIZE, false);
  }

  /** These settings with unbound agent credentials accepted or not. */
  public DelegationSettings withBearerAgentTokens(boolean allow) {
    return new DelegationSettings(instanceTokenTtl, delegationTtl, maxDepth, proofMaxAge, proofMaxFuture,
        replayCacheSize, allow);
  }

  /** How long a proof must be remembered: it can be accepted from {@code iat - future} until {@code iat + age}. */
  Duration proofWindow() { return proofMaxAge.plus(proofMaxFuture); }

  private static void within(String name, Duration value, Duration min, Duration max, java.util.List<String> errors) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      errors.add(name + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
