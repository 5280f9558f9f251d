package dev.portcullis.identity;

import java.time.Instant;
import java.util.Map;

/** Reading typed values out of verified (or about to be verified) JSON claims, refusing wrong shapes. */
final class ClaimValues {
  private ClaimValues() {}

  /**
   * A NumericDate claim (seconds since the epoch), or {@code null} when absent.
   *
   * @param noun what holds the claim ("token", "DPoP proof"), for the refusal reason
   */
  static Instant instant(Map<String, Object> claims, String name, String noun) {
    Object value = claims.get(name);
    if (value == null) return null;
    if (!(value instanceof Number number)) throw Rejection.of(noun + " claim " + name + " is not a number");
    double seconds = number.doubleValue();
    if (!Double.isFinite(seconds) || seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
      throw Rejection.of(noun + " claim " + name + " is out of range");
    }
    return Instant.ofEpochSecond((long) seconds);
  }

  /** Whether a value is a non-empty string of at most {@code maxLength} characters. */
  static boolean isString(Object value, int maxLength) {
    return value instanceof String s && !s.isEmpty() && s.length() <= maxLength;
  }
}
