package dev.portcullis.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vault: where its root key comes from and which credential backends it mints for.
 *
 * <p>Without a root key (no file configured or found, the variable unset) the gateway starts with
 * the vault sealed: calls to upstreams that need a credential are refused with the reason, and
 * everything else works.
 *
 * @param rootKeyFile a Tink keyset file (JSON, mode 0600, made by {@code portcullis vault keygen}) holding the root
 *                    key; relative to the configuration file. Without it the key comes from the
 *                    {@code PORTCULLIS_ROOT_KEY} environment variable (the keyset's JSON or its base64); giving both
 *                    is an error
 * @param backends    credential backends by name; upstreams name theirs with {@code credential}
 */
public record VaultConfig(Path rootKeyFile, Map<String, Backend> backends) {
  public VaultConfig {
    backends = backends == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(backends));
    for (String name : backends.keySet()) {
      if (!name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
        throw new IllegalArgumentException("credential backend name '" + name + "' must match [a-z0-9][a-z0-9_-]*");
      }
    }
  }

  /** A vault with no root key source but the default variable, and no backends. */
  public static VaultConfig defaults() { return new VaultConfig(null, null); }

  /**
   * One credential backend. Which keys apply depends on {@code kind}; a key of another kind is an
   * error, so a typo in a kind does not silently drop settings. Values named "path" are paths of
   * secrets in the vault (put there with {@code portcullis secret put}), never secret values.
   *
   * @param kind               {@code postgres}, {@code oauth-client-credentials}, {@code jwt-assertion} or {@code static}
   * @param ttl                a lease's time to live (default 15 min; never beyond the task's grant)
   * @param maxTtl             how far renewals may extend a lease (default 1 h)
   * @param jdbcUrl            postgres: the database, {@code jdbc:postgresql://host:port/db}
   * @param adminUser          postgres: the role that creates and drops dynamic roles
   * @param adminPasswordPath  postgres: vault path of that role's password
   * @param memberOf           postgres: group roles granted to each dynamic role
   * @param grants             postgres: privileges granted to each dynamic role, e.g. {@code SELECT ON TABLE orders}
   * @param connectionLimit    postgres: connections one dynamic role may open (default 4)
   * @param tokenEndpoint      oauth-client-credentials: the authorization server's token endpoint
   * @param clientId           oauth-client-credentials: the client id
   * @param clientSecretPath   oauth-client-credentials: vault path of the client secret
   * @param scope              oauth-client-credentials: scope to ask for
   * @param audience           oauth-client-credentials: resource indicator; jwt-assertion: {@code aud}
   * @param revocationEndpoint oauth-client-credentials: RFC 7009 endpoint to revoke tokens no lease uses
   * @param keyPath            jwt-assertion: vault path of the private JWK that signs assertions
   * @param issuer             jwt-assertion: {@code iss}
   * @param subject            jwt-assertion: {@code sub}, or {@code user} for the delegating user
   * @param secretPath         static: vault path of the API key or {@code user:password}
   * @param header             static, jwt-assertion: the header to send (default {@code Authorization})
   * @param format             static: {@code bearer}, {@code basic} or {@code raw} (default bearer)
   */
  public record Backend(@Required String kind, Duration ttl, Duration maxTtl,
                        String jdbcUrl, String adminUser, String adminPasswordPath, List<String> memberOf,
                        List<String> grants, Integer connectionLimit,
                        String tokenEndpoint, String clientId, String clientSecretPath, String scope, String audience,
                        String revocationEndpoint,
                        String keyPath, String issuer, String subject,
                        String secretPath, String header, String format) {
    private static final Map<String, Set<String>> KEYS = Map.of(
        "postgres", Set.of("jdbc-url", "admin-user", "admin-password-path", "member-of", "grants", "connection-limit"),
        "oauth-client-credentials", Set.of("token-endpoint", "client-id", "client-secret-path", "scope", "audience",
            "revocation-endpoint"),
        "jwt-assertion", Set.of("key-path", "issuer", "audience", "subject", "header"),
        "static", Set.of("secret-path", "header", "format"));
    private static final Map<String, List<String>> REQUIRED = Map.of(
        "postgres", List.of("jdbc-url", "admin-user", "admin-password-path"),
        "oauth-client-credentials", List.of("token-endpoint", "client-id", "client-secret-path"),
        "jwt-assertion", List.of("key-path", "issuer", "audience", "subject"),
        "static", List.of("secret-path"));

    public Backend {
      ttl = ttl == null ? Duration.ofMinutes(15) : ttl;
      maxTtl = maxTtl == null ? Duration.ofHours(1) : maxTtl;
      memberOf = memberOf == null ? List.of() : List.copyOf(memberOf);
      grants = grants == null ? List.of() : List.copyOf(grants);
      if (kind != null) {
        Set<String> allowed = KEYS.get(kind);
        if (allowed == null) {
          throw new IllegalArgumentException("credential backend kind must be postgres, oauth-client-credentials, "
              + "jwt-assertion or static, was '" + kind + "'");
        }
        var given = new LinkedHashMap<String, Object>();
        given("jdbc-url", jdbcUrl, given);
        given("admin-user", adminUser, given);
        given("admin-password-path", adminPasswordPath, given);
        given("member-of", memberOf, given);
        given("grants", grants, given);
        given("connection-limit", connectionLimit, given);
        given("token-endpoint", tokenEndpoint, given);
        given("client-id", clientId, given);
        given("client-secret-path", clientSecretPath, given);
        given("scope", scope, given);
        given("audience", audience, given);
        given("revocation-endpoint", revocationEndpoint, given);
        given("key-path", keyPath, given);
        given("issuer", issuer, given);
        given("subject", subject, given);
        given("secret-path", secretPath, given);
        given("header", header, given);
        given("format", format, given);
        var misplaced = new ArrayList<String>();
        given.keySet().stream().filter(k -> !allowed.contains(k)).forEach(misplaced::add);
        if (!misplaced.isEmpty()) {
          throw new IllegalArgumentException("key(s) " + misplaced + " do not apply to a " + kind + " backend");
        }
        var missing = REQUIRED.get(kind).stream().filter(k -> !given.containsKey(k)).toList();
        if (!missing.isEmpty()) throw new IllegalArgumentException("a " + kind + " backend needs " + missing);
      }
      if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
      if (maxTtl.compareTo(ttl) < 0) throw new IllegalArgumentException("max-ttl must be at least ttl");
      if (format != null && !List.of("bearer", "basic", "raw").contains(format)) {
        throw new IllegalArgumentException("format must be bearer, basic or raw, was '" + format + "'");
      }
      if (connectionLimit != null && connectionLimit < 1) throw new IllegalArgumentException("connection-limit must be at least 1");
    }

    /** Records a key as given when it has a value (an empty list counts as not given). */
    private static void given(String key, Object value, Map<String, Object> given) {
      if (value != null && !(value instanceof List<?> l && l.isEmpty())) given.put(key, value);
    }
  }
}
