package dev.portcullis.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretDetectorTest {
  private final SecretDetector detector = new SecretDetector();

  private List<Finding> scan(String text) { return detector.scan(Normalizer.normalize(text)); }

  /* Test credentials are assembled at run time so that no scanner mistakes this file for a leak. */
  private static String join(String... parts) { return String.join("", parts); }

  static Stream<Arguments> tokens() {
    return Stream.of(
        Arguments.of("secret.aws-access-key-id", join("key id AKIA", "IOSFODNN7EXAMPLQ here")),
        Arguments.of("secret.github-token", join("token ghp_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5")),
        Arguments.of("secret.slack-token", join("slack xoxb-", "123456789012-1234567890123-Qm7Tz2Lk9Wx4Rv8Np3Yh6Jc1")),
        Arguments.of("secret.stripe-key", join("stripe sk_live_", "51HvGqWLkd8sYx2pQ9rTz3mN")),
        Arguments.of("secret.gitlab-token", join("gitlab glpat-", "Xy7zAb9cDe1fGh3iJk5l")),
        Arguments.of("secret.google-api-key", join("maps AIza", "SyB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1w")));
  }

  @ParameterizedTest
  @MethodSource("tokens")
  void findsWellKnownTokenFormats(String rule, String text) {
    assertThat(scan(text)).extracting(Finding::ruleId).containsExactly(rule);
  }

  @Test
  void theFindingSpansTheSecretOnly() {
    String text = "config: password = \"" + join("Zt7#", "qLw2!", "x9Rv") + "\"; done";
    Finding f = scan(text).getFirst();
    assertThat(f.ruleId()).isEqualTo("secret.generic-assignment");
    assertThat(text.substring(f.start(), f.end())).isEqualTo(join("Zt7#", "qLw2!", "x9Rv"));
  }

  @Test
  void placeholdersAndPlainWordsAreNotSecrets() {
    assertThat(scan("password = \"changeme123\"")).isEmpty();
    assertThat(scan("api_key: ${API_KEY}")).isEmpty();
    assertThat(scan("token: <your-token-here>")).isEmpty();
    assertThat(scan("The password: requirements are documented below")).isEmpty();
  }

  @Test
  void findsAPrivateKeyBlockFromBeginToEnd() {
    String body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n";
    String text = "here:\n-----BEGIN " + "PRIVATE KEY-----\n" + body + "-----END " + "PRIVATE KEY-----\nthanks";
    Finding f = scan(text).getFirst();
    assertThat(f.ruleId()).isEqualTo("secret.private-key");
    assertThat(text.substring(f.start(), f.end())).startsWith("-----BEGIN").endsWith("KEY-----");
  }

  @Test
  void aJwtNeedsAHeaderThatDecodes() {
    var enc = Base64.getUrlEncoder().withoutPadding();
    String header = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = enc.encodeToString("{\"sub\":\"alice\",\"iat\":1700000000}".getBytes(StandardCharsets.UTF_8));
    String jwt = header + "." + payload + ".c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    assertThat(scan("Authorization uses " + jwt)).extracting(Finding::ruleId).containsExactly("secret.jwt");
    String notJwt = "eyJub3RoaW5nIjoiaGVyZSJ9." + payload + ".c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    assertThat(scan("value " + notJwt)).isEmpty();
  }

  @Test
  void findsCredentialsInUrls() {
    String text = "db: postgres://app:" + join("s3cr", "Et-Pa55") + "@db.internal:5432/app";
    Finding f = scan(text).getFirst();
    assertThat(f.ruleId()).isEqualTo("secret.url-credentials");
    assertThat(text.substring(f.start(), f.end())).isEqualTo(join("s3cr", "Et-Pa55"));
  }

  @Test
  void aSpecificRuleWinsOverTheGenericOneForTheSameSecret() {
    String text = "github_token = " + join("ghp_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5");
    assertThat(scan(text)).extracting(Finding::ruleId).containsExactly("secret.github-token");
  }

  @Test
  void findsNothingInOrdinaryText() {
    assertThat(scan("The access token expires after an hour; refresh it with the refresh endpoint.")).isEmpty();
  }
}
