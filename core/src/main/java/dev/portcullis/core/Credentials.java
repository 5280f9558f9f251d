package dev.portcullis.core;

/**
 * What the agent presented to prove who it is. Never logged, never audited, never forwarded: its
 * {@link #toString()} hides the values.
 *
 * @param bearer    the bearer token from the Authorization header, or {@code null}
 * @param dpopProof the DPoP proof header, or {@code null}
 * @param method    the HTTP method of the request (for proof-of-possession checks)
 * @param url       the request URL (for proof-of-possession checks)
 */
public record Credentials(String bearer, String dpopProof, String method, String url) {
  @Override
  public String toString() {
    return "Credentials[bearer=" + (bearer == null ? "none" : "<redacted>")
        + ", dpop=" + (dpopProof == null ? "none" : "<redacted>") + ", " + method + " " + url + "]";
  }
}
