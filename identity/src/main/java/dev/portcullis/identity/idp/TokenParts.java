package dev.portcullis.identity.idp;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * A user token in JWS compact serialization, split into its three base64url parts, with the checks
 * that cost no cryptography: length, part count, alphabet and JSON nesting depth.
 *
 * @param header    the encoded protected header
 * @param payload   the encoded payload
 * @param signature the encoded signature (empty for an unsigned token)
 */
record TokenParts(String header, String payload, String signature) {
  /** The deepest JSON nesting accepted in header or payload (an object holding an array is depth 2). */
  static final int MAX_JSON_DEPTH = 10;

  /** Splits a token, refusing anything that is not a compact JWS of at most {@code maxLength} characters. */
  static TokenParts split(String token, int maxLength) {
    if (token == null || token.isEmpty()) throw IdpRejection.of("missing user token");
    if (token.length() > maxLength) throw IdpRejection.of("user token exceeds " + maxLength + " characters");
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw IdpRejection.of("user token is not a compact JWS of three parts");
    }
    String header = token.substring(0, first);
    String payload = token.substring(first + 1, second);
    String signature = token.substring(second + 1);
    if (!isBase64Url(header) || !isBase64Url(payload)) {
      throw IdpRejection.of("user token header or payload is not base64url");
    }
    if (!signature.isEmpty() && !isBase64Url(signature)) throw IdpRejection.of("user token signature is not base64url");
    return new TokenParts(header, payload, signature);
  }

  /** The bytes the signature covers: {@code header '.' payload} in ASCII. */
  byte[] signingInput() {
    return (header + '.' + payload).getBytes(StandardCharsets.US_ASCII);
  }

  /** The decoded header as a JSON object. */
  Map<String, Object> headerJson() { return json(header, "header"); }

  /** The decoded payload as a JSON object. */
  Map<String, Object> payloadJson() { return json(payload, "claims"); }

  private static Map<String, Object> json(String part, String what) {
    String text;
    try {
      text = strictUtf8(Base64.getUrlDecoder().decode(part));
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw IdpRejection.of("user token " + what + " is not base64url-encoded UTF-8");
    }
    if (dev.portcullis.identity.JsonDepth.of(text) > MAX_JSON_DEPTH) {
      throw IdpRejection.of("user token " + what + " nests deeper than " + MAX_JSON_DEPTH);
    }
    try {
      return JSONObjectUtils.parse(text);
    } catch (ParseException | RuntimeException e) {
      // The parser's message may quote the input: never pass it on.
      throw IdpRejection.of("user token " + what + " is not a JSON object");
    }
  }

  static String strictUtf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes)).toString();
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
}
