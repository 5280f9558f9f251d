package dev.portcullis.identity.txn;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.portcullis.core.Delegation;
import dev.portcullis.core.Principal;
import dev.portcullis.identity.SigningKeys;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Issues transaction tokens: compact ES256 JWS ({@code typ txntoken+jwt}) signed with the gateway's
 * current key, one per upstream call, telling the backend on whose behalf and within which
 * transaction the call is made.
 *
 * <p>Claims: {@code iss} the gateway; {@code iat} now and {@code exp} a short ttl later (whole
 * seconds); {@code aud} the upstream (its trust domain or name); {@code txn} the delegation's
 * transaction id, or a fresh random one when the agent acts without a user; {@code sub} the user
 * as {@code <issuer>#<sub>} under delegation, else the calling agent's workload identity;
 * {@code scope} what the call is for (the namespaced tool); {@code tctx} the transaction context the
 * caller gives; {@code rctx} the request context the caller gives plus {@code actors} (the chain of
 * agent subjects, the caller first) and {@code authn} ({@code dpop}, how the agent proved itself);
 * {@code req_wl} the gateway's own workload identity.
 *
 * <p>The issuer sets {@code actors} and {@code authn} itself: a request context that tries to set
 * them is refused, so nothing taken from a request can pose as the gateway's own assertion.
 */
public final class TxnTokenIssuer {
  /** The JOSE type of transaction tokens. */
  public static final String TOKEN_TYPE = "txntoken+jwt";
  /** The lifetime of tokens when none is configured. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
  /** The longest lifetime a transaction token may have. */
  public static final Duration MAX_TTL = Duration.ofMinutes(5);
  /** The longest token issued or accepted, in characters. */
  public static final int MAX_TOKEN_LENGTH = 8 * 1024;
  /** The request-context member listing the agents the call passed through, the caller first. */
  public static final String ACTORS = "actors";
  /** The request-context member saying how the calling agent authenticated. */
  public static final String AUTHN = "authn";

  static final int MAX_NAME_LENGTH = 512;
  private static final String AUTHN_METHOD = "dpop";

  private final String issuer;
  private final String workload;
  private final SigningKeys keys;
  private final InstantSource clock;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();

  /**
   * An issuer whose tokens live {@code ttl}.
   *
   * @param issuer   the gateway's issuer identifier ({@code iss})
   * @param workload the gateway's workload identity, {@code spiffe://<trust-domain>/gateway} ({@code req_wl})
   * @param keys     the gateway's signing keys; tokens are signed with the current one
   * @param clock    where {@code iat} comes from
   * @param ttl      the tokens' lifetime, from one second to {@link #MAX_TTL}
   * @throws IllegalArgumentException when a name is blank or too long, or the ttl is out of range
   */
  public TxnTokenIssuer(String issuer, String workload, SigningKeys keys, InstantSource clock, Duration ttl) {
    this.issuer = name("issuer", issuer);
    this.workload = name("workload", workload);
    if (!workload.startsWith("spiffe://")) {
      throw new IllegalArgumentException("workload must be a spiffe:// identity, was '" + workload + "'");
    }
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("transaction token ttl must be between PT1S and " + MAX_TTL + ", was " + ttl);
    }
    this.ttl = ttl;
  }

  /** An issuer whose tokens live {@link #DEFAULT_TTL}. */
  public TxnTokenIssuer(String issuer, String workload, SigningKeys keys, InstantSource clock) {
    this(issuer, workload, keys, clock, DEFAULT_TTL);
  }

  /**
   * A signed transaction token for one call.
   *
   * @param principal          the authenticated caller
   * @param audience           the upstream the token is for (its trust domain or name)
   * @param scope              what the call is for: the namespaced tool
   * @param transactionContext {@code tctx}: e.g. {@code tool}, {@code task}, {@code argsDigest}; plain JSON values only
   * @param requestContext     {@code rctx}: e.g. {@code req_ip}; must not set {@code actors} or {@code authn}
   * @return the compact JWS
   * @throws IllegalArgumentException when an argument is blank or out of bounds, or the token would
   *                                  exceed {@link #MAX_TOKEN_LENGTH}
   */
  public String issue(Principal principal, String audience, String scope, Map<String, ?> transactionContext,
                      Map<String, ?> requestContext) {
    Objects.requireNonNull(principal, "principal");
    Map<String, Object> tctx = TxnContext.copy("tctx", transactionContext);
    Map<String, Object> rctx = requestContext(principal, TxnContext.copy("rctx", requestContext));
    Delegation delegation = principal.delegation();

    // JWT times are whole seconds; truncating keeps exp - iat exactly the ttl.
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    var claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .audience(name("audience", audience))
        .claim("txn", delegation == null ? newTransactionId() : delegation.txn())
        .subject(delegation == null ? principal.subject() : delegation.userIssuer() + "#" + delegation.user())
        .claim("scope", name("scope", scope))
        .claim("tctx", tctx)
        .claim("rctx", rctx)
        .claim("req_wl", workload)
        .build();
    String token = keys.sign(TOKEN_TYPE, claims.toJSONObject());
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new IllegalArgumentException("the transaction token would be " + token.length() + " characters, more than "
          + MAX_TOKEN_LENGTH + "; carry less in tctx or rctx");
    }
    return token;
  }

  private static Map<String, Object> requestContext(Principal principal, Map<String, Object> given) {
    for (String reserved : List.of(ACTORS, AUTHN)) {
      if (given.containsKey(reserved)) {
        throw new IllegalArgumentException("rctx must not set '" + reserved + "': the issuer sets it");
      }
    }
    List<String> actors = principal.delegation() == null
        ? List.of(principal.subject())
        : principal.delegation().chain().stream().map(Delegation.Actor::subject).toList();
    var rctx = new LinkedHashMap<String, Object>(given);
    rctx.put(ACTORS, actors);
    rctx.put(AUTHN, AUTHN_METHOD);
    return rctx;
  }

  private static String name(String what, String value) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " is required");
    if (value.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(what + " is longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(what + " contains a control character");
    }
    return value;
  }

  private String newTransactionId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
