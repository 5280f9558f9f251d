package dev.portcullis.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys Portcullis signs its tokens with: one current EC P-256 private key that signs, and the
 * public keys that verify — the current one plus any retired ones, so that tokens signed before a
 * rotation stay valid until they expire.
 *
 * <p>Every key's id ({@code kid}) is its RFC 7638 JWK SHA-256 thumbprint. The private key never
 * leaves this object except as the {@link #signer()}; {@link #publicJwks()} carries public parts only.
 */
public final class SigningKeys {
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  private final ECKey current;
  private final Map<String, ECKey> verificationKeys;
  private final Map<String, ECDSAVerifier> verifiers;
  private final JWSSigner signer;

  private SigningKeys(ECKey current, List<ECKey> retired) {
    this.current = withThumbprintId(requireP256(current, true));
    var keys = new LinkedHashMap<String, ECKey>();
    keys.put(this.current.getKeyID(), this.current.toPublicJWK());
    for (ECKey key : retired) {
      ECKey pub = withThumbprintId(requireP256(key, false)).toPublicJWK();
      keys.putIfAbsent(pub.getKeyID(), pub);
    }
    this.verificationKeys = Map.copyOf(keys);
    var built = new LinkedHashMap<String, ECDSAVerifier>();
    try {
      this.signer = new ECDSASigner(this.current);
      for (var entry : keys.entrySet()) built.put(entry.getKey(), new ECDSAVerifier(entry.getValue()));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the signing key cannot be used for ES256");
    }
    this.verifiers = Map.copyOf(built);
    selfTest();
  }

  /** Keys with a freshly generated current key and no retired keys, held in memory only. */
  public static SigningKeys generate() {
    return new SigningKeys(newKey(), List.of());
  }

  /** Keys with this current private key and these retired keys (only their public parts are kept). */
  public static SigningKeys of(ECKey current, List<ECKey> retired) {
    return new SigningKeys(current, List.copyOf(retired));
  }

  /**
   * Loads the current private key from a JWK file, or generates one and writes it there when the
   * file does not exist. The file is created owner-only (rw-------); an existing file that the
   * group or others may access is refused.
   *
   * @throws IOException when the file cannot be read or written, is too open, or does not hold an
   *                     EC P-256 private JWK
   */
  public static SigningKeys loadOrCreate(Path file) throws IOException {
    var keyFile = new KeyFile(file);
    Optional<String> existing = keyFile.read();
    if (existing.isEmpty()) {
      ECKey generated = newKey();
      if (keyFile.createWith(generated.toJSONString())) {
        LOG.info("generated signing key {} in {}", generated.getKeyID(), keyFile.path());
        return new SigningKeys(generated, List.of());
      }
      existing = keyFile.read();
      if (existing.isEmpty()) throw new IOException("signing key file " + keyFile.path() + " vanished while loading");
    }
    SigningKeys keys = new SigningKeys(parsePrivateKey(existing.get(), keyFile.path()), List.of());
    LOG.info("loaded signing key {} from {}", keys.currentKeyId(), keyFile.path());
    return keys;
  }

  /** The same current key, verifying also with these retired keys (public parts only are kept). */
  public SigningKeys withRetired(List<ECKey> retired) {
    var all = new ArrayList<ECKey>(verificationKeys.values());
    all.addAll(retired);
    return new SigningKeys(current, all);
  }

  /** The key id of the current signing key. */
  public String currentKeyId() { return current.getKeyID(); }

  /** The ES256 signer holding the current private key. */
  public JWSSigner signer() { return signer; }

  /**
   * A compact ES256 JWS of {@code claims} under the current key, with header {@code alg}, {@code typ}
   * and {@code kid} only. Every token the gateway mints is signed here.
   *
   * @param type   the header's {@code typ} ({@code at+jwt}, {@code dlg+jwt}, {@code txntoken+jwt})
   * @param claims the payload, plain JSON values (times as epoch seconds)
   */
  public String sign(String type, Map<String, Object> claims) {
    var header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type)).keyID(currentKeyId()).build();
    String input = header.toBase64URL() + "."
        + Base64URL.encode(JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8));
    try {
      return input + "." + signer.sign(header, input.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a " + type + " token failed", e);
    }
  }

  /** The ids of all keys that verify tokens: the current key and the retired ones. */
  public Set<String> keyIds() { return verificationKeys.keySet(); }

  /**
   * The public JWK set ({@code {"keys":[...]}}) for a JWKS endpoint: every verification key, with
   * {@code kty, crv, x, y, kid, use, alg} and never a private part.
   */
  public Map<String, Object> publicJwks() {
    return new JWKSet(List.<JWK>copyOf(verificationKeys.values())).toJSONObject(true);
  }

  /** The ES256 verifier for a key id, or empty when no key of ours has that id. */
  Optional<ECDSAVerifier> verifier(String keyId) {
    return Optional.ofNullable(verifiers.get(keyId));
  }

  private void selfTest() {
    // A key file whose private part does not match its public part is corrupt: fail at start-up,
    // not on the first token.
    try {
      var header = new JWSHeader(JWSAlgorithm.ES256);
      byte[] input = "portcullis-signing-key-self-test".getBytes(StandardCharsets.US_ASCII);
      if (!verifiers.get(currentKeyId()).verify(header, input, signer.sign(header, input))) {
        throw new IllegalArgumentException("the signing key's private part does not match its public part");
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the signing key cannot sign with ES256");
    }
  }

  private static ECKey newKey() {
    try {
      return withThumbprintId(new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256).generate());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key", e);
    }
  }

  private static ECKey parsePrivateKey(String json, Path path) throws IOException {
    // The parser's message may quote the file's content, which is a private key: never pass it on.
    JWK jwk;
    try {
      jwk = JWK.parse(json);
    } catch (ParseException | RuntimeException e) {
      throw new IOException("signing key file " + path + " does not hold a valid JWK");
    }
    if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || !ec.isPrivate()) {
      throw new IOException("signing key file " + path + " does not hold an EC P-256 private JWK");
    }
    return ec;
  }

  private static ECKey requireP256(ECKey key, boolean requirePrivate) {
    if (key == null || !Curve.P_256.equals(key.getCurve())) {
      throw new IllegalArgumentException("signing keys must be EC P-256 keys");
    }
    if (requirePrivate && !key.isPrivate()) {
      throw new IllegalArgumentException("the current signing key must include its private part");
    }
    return key;
  }

  private static ECKey withThumbprintId(ECKey key) {
    try {
      String thumbprint = key.computeThumbprint().toString();
      return new ECKey.Builder(key).keyID(thumbprint).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot compute the key thumbprint", e);
    }
  }
}
