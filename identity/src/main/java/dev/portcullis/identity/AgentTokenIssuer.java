package dev.portcullis.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.portcullis.core.state.AgentRecord;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;

/**
 * Issues short-lived ES256 access tokens (RFC 9068 {@code at+jwt}) to registered, active agents,
 * bound to the gateway as their only audience.
 *
 * <p>Claims: {@code iss} the gateway's issuer, {@code sub} the agent's workload identity
 * {@code spiffe://<trust-domain>/agent/<id>}, {@code aud} the gateway's resource, {@code client_id}
 * the agent id, {@code iat = nbf} now, {@code exp}, and a random 128-bit {@code jti}.
 */
public final class AgentTokenIssuer {
  /** The JOSE type of the tokens issued (RFC 9068). */
  static final String TOKEN_TYPE = "at+jwt";

  private final IdentitySettings settings;
  private final SigningKeys keys;
  private final InstantSource clock;
  private final AgentSubject subjects;
  private final SecureRandom random = new SecureRandom();

  /** An issuer signing with the current key of {@code keys}, reading time from {@code clock}. */
  public AgentTokenIssuer(IdentitySettings settings, SigningKeys keys, InstantSource clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.subjects = new AgentSubject(settings.trustDomain());
  }

  /**
   * Issues a token to an agent, valid for {@code ttl} from now.
   *
   * @throws IllegalArgumentException when the agent is not active, its id is malformed, or the ttl
   *                                  is not positive or exceeds the configured maximum
   */
  public IssuedToken issue(AgentRecord agent, Duration ttl) {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("token ttl must be at least PT1S, was " + ttl);
    }
    if (ttl.compareTo(settings.maxTokenTtl()) > 0) {
      throw new IllegalArgumentException("token ttl " + ttl + " exceeds the maximum of " + settings.maxTokenTtl());
    }
    if (agent.status() != AgentRecord.Status.ACTIVE) {
      throw new IllegalArgumentException("agent '" + agent.id() + "' is " + agent.status()
          + "; only active agents get tokens");
    }
    String subject = subjects.of(agent.id());

    // JWT times are whole seconds; truncating keeps expiresAt equal to the exp claim.
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
    String tokenId = newTokenId();
    var claims = new JWTClaimsSet.Builder()
        .issuer(settings.issuer())
        .subject(subject)
        .audience(settings.resource())
        .claim("client_id", agent.id())
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(expiresAt))
        .jwtID(tokenId)
        .build();
    return new IssuedToken(keys.sign(TOKEN_TYPE, claims.toJSONObject()), expiresAt, tokenId);
  }

  private String newTokenId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
