package dev.portcullis.identity;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * A JWS in compact serialization, split into its three base64url parts, with the structural
 * checks that cost no cryptography: length, part count, alphabet, JSON size and nesting depth.
 *
 * <p>Refusals name what was being read ("token" or "DPoP proof") and never quote it.
 *
 * @param noun      what the JWS is, for refusal reasons
 * @param header    the encoded protected header
 * @param payload   the encoded payload
 * @param signature the encoded signature
 */
record CompactJws(String noun, String header, String payload, String signature) {
  /** The longest token accepted, in characters. */
  static final int MAX_LENGTH = 8 * 1024;
  /** The longest DPoP proof accepted, in characters: a proof holds one public key and a few short claims. */
  static final int MAX_PROOF_LENGTH = 4 * 1024;
  /** The deepest JSON nesting accepted in header or payload (an object holding an object is depth 2). */
  static final int MAX_JSON_DEPTH = 8;
  /** The most members a header or claims object may have. */
  static final int MAX_MEMBERS = 48;

  /** Splits a token, refusing anything that is not three non-empty base64url parts within the size limit. */
  static CompactJws split(String token) {
    if (token == null || token.isEmpty()) throw Rejection.of("missing bearer token");
    return split(token, "token", MAX_LENGTH);
  }

  /** Splits a DPoP proof, as {@link #split(String)} does a token but with the proof's own size limit. */
  static CompactJws splitProof(String proof) {
    if (proof == null || proof.isEmpty()) throw Rejection.of("missing DPoP proof");
    return split(proof, "DPoP proof", MAX_PROOF_LENGTH);
  }

  private static CompactJws split(String token, String noun, int maxLength) {
    if (token.length() > maxLength) throw Rejection.of(noun + " exceeds " + maxLength + " characters");
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw Rejection.of(noun + " is not a compact JWS of three parts");
    }
    String header = token.substring(0, first);
    String payload = token.substring(first + 1, second);
    String signature = token.substring(second + 1);
    if (!isBase64Url(header) || !isBase64Url(payload)) {
      throw Rejection.of(noun + " header or payload is not base64url");
    }
    if (!signature.isEmpty() && !isBase64Url(signature)) throw Rejection.of(noun + " signature is not base64url");
    return new CompactJws(noun, header, payload, signature);
  }

  /** The bytes the signature covers: {@code header '.' payload} in ASCII. */
  byte[] signingInput() {
    return (header + '.' + payload).getBytes(StandardCharsets.US_ASCII);
  }

  /** The decoded header as a JSON object. */
  Map<String, Object> headerJson() { return json(header, "header"); }

  /** The decoded payload as a JSON object. */
  Map<String, Object> payloadJson() { return json(payload, "claims"); }

  /** The decoded signature bytes (empty for an unsigned token). */
  byte[] signatureBytes() {
    try {
      return Base64.getUrlDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw Rejection.of(noun + " signature is not base64url");
    }
  }

  private Map<String, Object> json(String part, String what) {
    String text;
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(part);
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw Rejection.of(noun + " " + what + " is not base64url-encoded UTF-8");
    }
    if (depth(text) > MAX_JSON_DEPTH) throw Rejection.of(noun + " " + what + " nests deeper than " + MAX_JSON_DEPTH);
    Map<String, Object> object;
    try {
      object = JSONObjectUtils.parse(text);
    } catch (ParseException | RuntimeException e) {
      // The parser's message may quote the input: never pass it on.
      throw Rejection.of(noun + " " + what + " is not a JSON object");
    }
    if (object.size() > MAX_MEMBERS) throw Rejection.of(noun + " " + what + " has more than " + MAX_MEMBERS + " members");
    return object;
  }

  private static boolean isBase64Url(String part) {
    if (part.isEmpty() || part.length() % 4 == 1) return false;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) return false;
    }
    return true;
  }

  /** The deepest nesting of objects and arrays in a JSON text, ignoring brackets inside strings. */
  static int depth(String json) { return JsonDepth.of(json); }
}
