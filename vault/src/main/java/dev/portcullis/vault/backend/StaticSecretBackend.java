package dev.portcullis.vault.backend;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.vault.CredentialBackend;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.SecretReader;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.VaultException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A backend for APIs that only take a long-lived secret: the secret stays in the vault and is
 * injected as a header on the way to the backend, so the agent never sees it. The lease is
 * notional (the secret outlives it) and revoking it does nothing at the backend; what the lease
 * still gives is the audit trail and the cut-off when the task ends.
 */
public final class StaticSecretBackend implements CredentialBackend {
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

  /** How the secret becomes a header value. */
  public enum Format {
    /** {@code Authorization: Bearer <secret>}. */
    BEARER,
    /** {@code Authorization: Basic base64(<secret>)}, the secret being {@code user:password}. */
    BASIC,
    /** The header's value is the secret itself. */
    RAW
  }

  private final String name;
  private final SecretReader secrets;
  private final String secretPath;
  private final String header;
  private final Format format;

  /**
   * A backend injecting the secret at {@code secretPath} as {@code header}.
   *
   * @param header the header name; {@code bearer} and {@code basic} use {@code Authorization} when it is {@code null}
   */
  public StaticSecretBackend(String name, SecretReader secrets, String secretPath, String header, Format format) {
    this.name = Objects.requireNonNull(name, "name");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.secretPath = Objects.requireNonNull(secretPath, "secretPath");
    this.format = Objects.requireNonNull(format, "format");
    this.header = header != null ? header : format == Format.RAW ? null : "Authorization";
    if (this.header == null || !HEADER_NAME.matcher(this.header).matches()) {
      throw new IllegalArgumentException("static backend " + name + ": invalid header name '" + header + "'");
    }
  }

  @Override
  public String name() { return name; }

  @Override
  public String kind() { return "static"; }

  @Override
  public Minted mint(MintRequest request) {
    SecretValue secret = secrets.read(secretPath);
    String text = secret.utf8();
    secret.destroy();
    if (text.isEmpty() || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new VaultException(Reason.BACKEND_FAILED, "static backend " + name + ": the secret at " + secretPath
          + " is empty or holds control characters, so it cannot be sent as a header");
    }
    String value = switch (format) {
      case BEARER -> "Bearer " + text;
      case BASIC -> {
        if (text.indexOf(':') < 1) {
          throw new VaultException(Reason.BACKEND_FAILED, "static backend " + name + ": the secret at " + secretPath
              + " must have the form user:password for basic authentication");
        }
        yield "Basic " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
      }
      case RAW -> text;
    };
    return new Minted(new LastMileCredential.Headers(request.leaseId(), request.notAfter(), Map.of(header, value)),
        Map.of());
  }

  /** Nothing to revoke: the secret is not the lease's to end. */
  @Override
  public void revoke(String leaseId, Map<String, String> revocationData) {}

  @Override
  public String toString() {
    return "StaticSecretBackend[name=" + name + ", path=" + secretPath + ", header=" + header + ", format=" + format + "]";
  }
}
