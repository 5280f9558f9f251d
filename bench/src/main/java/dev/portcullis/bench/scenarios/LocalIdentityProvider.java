package dev.portcullis.bench.scenarios;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * The users' identity provider of a scenario run, on the loopback interface: it serves the public
 * key set of a signing key generated at start at {@code /jwks}, and issues users RFC 9068 access
 * tokens (RS256, {@code typ: at+jwt}) that state the task the user asked for in an
 * {@code authorization_details} claim ({@link StatedTask}).
 *
 * <p>It stands in for the organisation's OpenID Connect provider: the gateway verifies these tokens
 * exactly as it verifies a real provider's, by issuer, audience, key id and signature. It has no
 * login: whoever holds the object can mint tokens, which is what a benchmark needs and nothing more.
 */
public final class LocalIdentityProvider implements AutoCloseable {
  /** The path of the public key set. */
  public static final String JWKS_PATH = "/jwks";
  /** How long a user's access token lives. */
  public static final Duration TOKEN_TTL = Duration.ofMinutes(15);

  private final HttpServer server;
  private final RSAKey key;
  private final String issuer;
  private final String audience;
  private final InstantSource clock;

  private LocalIdentityProvider(HttpServer server, RSAKey key, String audience, InstantSource clock) {
    this.server = server;
    this.key = key;
    this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    this.audience = audience;
    this.clock = clock;
  }

  /** Starts a provider on a free port whose tokens name {@code audience}, stamped by the system clock. */
  public static LocalIdentityProvider start(String audience) throws IOException {
    return start(audience, InstantSource.system());
  }

  /** Starts a provider on a free port whose tokens name {@code audience}, stamped by {@code clock}. */
  public static LocalIdentityProvider start(String audience, InstantSource clock) throws IOException {
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(clock, "clock");
    if (audience.isBlank()) throw new IllegalArgumentException("the audience must not be blank");
    RSAKey key;
    try {
      key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate the provider's RSA key", e);
    }
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(JWKS_PATH, exchange -> serve(exchange, jwks));
    server.start();
    return new LocalIdentityProvider(server, key, audience, clock);
  }

  private static void serve(HttpExchange exchange, byte[] jwks) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(JWKS_PATH)) {
        exchange.sendResponseHeaders(404, -1);
      } else if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
      } else {
        exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
        exchange.sendResponseHeaders(200, jwks.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(jwks);
        }
      }
    }
  }

  /** The issuer, exactly as the tokens' {@code iss}: {@code http://127.0.0.1:<port>}. */
  public String issuer() { return issuer; }

  /** Where the public key set is served. */
  public String jwksUri() { return issuer + JWKS_PATH; }

  /** The audience every token names. */
  public String audience() { return audience; }

  /**
   * An access token of user {@code subject} stating {@code task}: claims {@code iss}, {@code sub},
   * {@code aud}, {@code iat}, {@code exp} ({@link #TOKEN_TTL} later), a fresh {@code jti} and
   * {@code authorization_details}.
   */
  public String accessToken(String subject, StatedTask task) {
    Objects.requireNonNull(task, "task");
    if (subject == null || subject.isBlank()) throw new IllegalArgumentException("a user's token needs a subject");
    Instant now = clock.instant();
    var claims = new JWTClaimsSet.Builder()
        .issuer(issuer).subject(subject).audience(audience)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_TTL)))
        .jwtID(UUID.randomUUID().toString())
        .claim("authorization_details", task.authorizationDetails())
        .build();
    var header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID()).build();
    var jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a user's token", e);
    }
    return jwt.serialize();
  }

  @Override
  public void close() { server.stop(0); }
}
