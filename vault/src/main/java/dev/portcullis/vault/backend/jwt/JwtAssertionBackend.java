package dev.portcullis.vault.backend.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.vault.CredentialBackend;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.SecretReader;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.VaultException;
import java.text.ParseException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.Map;
import java.util.Objects;

/**
 * A credential backend that signs a short-lived JWT for each lease, for APIs that trust the
 * gateway's key: {@code iss} and {@code aud} as configured, {@code sub} fixed or the lease's user,
 * {@code act.sub} the calling agent (RFC 8693), {@code jti} the lease id, and an {@code exp} no later
 * than the lease's {@code notAfter} nor the configured ttl.
 *
 * <p>The private JWK is read from the vault at every mint, so a rotated key takes effect at once and
 * the key is not held in memory between calls. The algorithm follows the key: ES256/384/512 for EC
 * keys by curve, EdDSA for Ed25519, RS256 for RSA (or the key's own {@code alg} when it names one the
 * key can make). Revocation calls nothing: the token dies at its {@code exp}, which is short.
 */
public final class JwtAssertionBackend implements CredentialBackend {
  /** The kind name of this backend. */
  public static final String KIND = "jwt-assertion";

  private final JwtAssertionConfig config;
  private final SecretReader secrets;
  private final InstantSource clock;

  /** A backend reading its key through {@code secrets} and dating tokens with {@code clock}. */
  public JwtAssertionBackend(JwtAssertionConfig config, SecretReader secrets, InstantSource clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() { return config.name(); }

  @Override
  public String kind() { return KIND; }

  @Override
  public Minted mint(MintRequest request) {
    // JWT times are whole seconds: round down so that exp never passes notAfter.
    Instant now = clock.instant();
    Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
    Instant byTtl = Instant.ofEpochSecond(now.plus(config.ttl()).getEpochSecond());
    Instant byLease = Instant.ofEpochSecond(request.notAfter().getEpochSecond());
    Instant exp = byTtl.isBefore(byLease) ? byTtl : byLease;
    if (!exp.isAfter(iat)) {
      throw new VaultException(VaultException.Reason.REFUSED, "jwt backend '" + config.name() + "': lease "
          + request.leaseId() + " ends before a token could be valid for a second");
    }
    var claims = new JWTClaimsSet.Builder()
        .issuer(config.issuer())
        .audience(config.audience())
        .subject(subject(request))
        .claim("act", Map.of("sub", request.scope().caller()))
        .jwtID(request.leaseId())
        .issueTime(Date.from(iat))
        .expirationTime(Date.from(exp))
        .build();
    String jwt = sign(claims);
    String value = config.scheme().isEmpty() ? jwt : config.scheme() + " " + jwt;
    var credential = new LastMileCredential.Headers(request.leaseId(), exp, Map.of(config.headerName(), value));
    return new Minted(credential, Map.of("jti", request.leaseId()));
  }

  /** Nothing to call: the token expires on its own within the ttl. */
  @Override
  public void revoke(String leaseId, Map<String, String> revocationData) {}

  private String subject(MintRequest request) {
    return switch (config.subject()) {
      case JwtAssertionConfig.Subject.Fixed f -> f.subject();
      case JwtAssertionConfig.Subject.LeaseUser u -> {
        String user = request.scope().user();
        if (user == null) {
          throw new VaultException(VaultException.Reason.REFUSED, "jwt backend '" + config.name()
              + "' signs for the user, but lease " + request.leaseId() + " has no user");
        }
        int hash = user.indexOf('#');
        yield hash >= 0 ? user.substring(hash + 1) : user;
      }
    };
  }

  private String sign(JWTClaimsSet claims) {
    SecretValue secret = secrets.read(config.keyPath());
    JWK key;
    try {
      key = JWK.parse(secret.utf8());
    } catch (ParseException e) {
      throw failed("the value at " + config.keyPath() + " is not a JWK");
    } finally {
      secret.destroy();
    }
    if (!key.isPrivate()) throw failed("the JWK at " + config.keyPath() + " has no private part");
    try {
      JWSAlgorithm alg = algorithm(key);
      JWSSigner signer = switch (key) {
        case ECKey ec -> new ECDSASigner(ec);
        case OctetKeyPair okp when Curve.Ed25519.equals(okp.getCurve()) -> new Ed25519Signer(okp);
        case RSAKey rsa -> new RSASSASigner(rsa);
        default -> throw failed("the JWK at " + config.keyPath() + " is a " + key.getKeyType() + " key; EC, Ed25519 or RSA is needed");
      };
      var header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
      var jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw failed("signing failed: " + e.getMessage());
    }
  }

  private JWSAlgorithm algorithm(JWK key) {
    JWSAlgorithm fromKey = switch (key) {
      case ECKey ec when Curve.P_256.equals(ec.getCurve()) -> JWSAlgorithm.ES256;
      case ECKey ec when Curve.P_384.equals(ec.getCurve()) -> JWSAlgorithm.ES384;
      case ECKey ec when Curve.P_521.equals(ec.getCurve()) -> JWSAlgorithm.ES512;
      case OctetKeyPair okp when Curve.Ed25519.equals(okp.getCurve()) -> JWSAlgorithm.EdDSA;
      case RSAKey rsa -> JWSAlgorithm.RS256;
      default -> throw failed("the JWK at " + config.keyPath() + " (" + key.getKeyType() + ") has no supported signing algorithm");
    };
    if (key.getAlgorithm() == null || key.getAlgorithm().equals(fromKey)) return fromKey;
    JWSAlgorithm named = JWSAlgorithm.parse(key.getAlgorithm().getName());
    if (key instanceof RSAKey && (JWSAlgorithm.Family.RSA.contains(named))) return named;
    throw failed("the JWK at " + config.keyPath() + " names alg " + named + ", which its key cannot make");
  }

  private VaultException failed(String message) {
    return new VaultException(VaultException.Reason.BACKEND_FAILED, "jwt backend '" + config.name() + "': " + message);
  }
}
