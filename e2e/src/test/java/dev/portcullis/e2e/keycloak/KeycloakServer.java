package dev.portcullis.e2e.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Keycloak server on 127.0.0.1 with the {@code portcullis} realm (see {@link PortcullisRealm}), for tests
 * that need an organisation's identity provider.
 *
 * <p>There is one per test JVM, started by the first call to {@link #shared()} and stopped when the JVM exits,
 * so test classes that never ask for it never pay for it. Each start has a fresh in-memory database, so tokens,
 * sessions and keys never carry over from an earlier run. The distribution is the one the e2e build unpacks; its
 * directory comes from the system property {@code keycloak.home}, which the build sets.
 */
public final class KeycloakServer {
  /** The system property naming the unpacked Keycloak distribution. */
  public static final String HOME_PROPERTY = "keycloak.home";

  /*
   * Generous on purpose: the first start after unpacking also rebuilds Keycloak's server image, and other builds
   * may share the machine's two cores. Failing at the deadline (with the server log) beats hanging the build.
   */
  private static final Duration START_DEADLINE = Duration.ofMinutes(6);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static KeycloakServer shared;
  private static RuntimeException sharedFailure;

  private final String baseUrl;
  private final String version;
  private final Duration startupTime;

  private KeycloakServer(String baseUrl, String version, Duration startupTime) {
    this.baseUrl = baseUrl;
    this.version = version;
    this.startupTime = startupTime;
  }

  /**
   * The Keycloak server of this test JVM, started on first use.
   *
   * @throws IllegalStateException if it cannot be started (then every later call fails the same way at once,
   *                               instead of waiting for the deadline again)
   */
  public static synchronized KeycloakServer shared() {
    if (shared != null) return shared;
    if (sharedFailure != null) throw new IllegalStateException("Keycloak failed to start earlier in this JVM", sharedFailure);
    try {
      shared = start();
      return shared;
    } catch (IOException | RuntimeException e) {
      sharedFailure = new IllegalStateException("cannot start Keycloak: " + e.getMessage(), e);
      throw sharedFailure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Keycloak", e);
    }
  }

  private static KeycloakServer start() throws IOException, InterruptedException {
    Path home = home();
    int port = freePort();
    int managementPort = freePort();
    String version = versionOf(home);
    long began = System.nanoTime();
    KeycloakProcess process;
    try (InputStream realm = KeycloakServer.class.getClassLoader().getResourceAsStream(PortcullisRealm.RESOURCE)) {
      if (realm == null) throw new IOException("test resource " + PortcullisRealm.RESOURCE + " is missing");
      process = KeycloakProcess.start(home, realm, port, managementPort);
    }
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("keycloak-stop").unstarted(process::stop));
    String baseUrl = "http://127.0.0.1:" + port;
    String expectedIssuer = issuerOf(baseUrl);
    try {
      String discovery = process.awaitReady(HTTP, URI.create(discoveryUrlOf(expectedIssuer)), START_DEADLINE);
      String issuer = JSON.readTree(discovery).path("issuer").asText();
      if (!issuer.equals(expectedIssuer)) {
        throw new IOException("Keycloak's discovery document names issuer '" + issuer + "', expected " + expectedIssuer);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.stop();
      throw e;
    }
    var started = new KeycloakServer(baseUrl, version, Duration.ofNanos(System.nanoTime() - began));
    System.out.printf("Keycloak %s ready at %s in %.1f s%s; log: %s%n", version, started.baseUrl,
        started.startupTime.toMillis() / 1000.0,
        process.rebuiltServerImage() ? " (including the one-time rebuild of its server image)" : "", process.log());
    return started;
  }

  /** The unpacked distribution named by {@value #HOME_PROPERTY}, checked to hold {@code bin/kc.sh}. */
  private static Path home() throws IOException {
    String configured = System.getProperty(HOME_PROPERTY);
    if (configured == null || configured.isBlank()) {
      throw new IOException("system property " + HOME_PROPERTY + " is not set; run the tests through Maven, "
          + "whose e2e build unpacks Keycloak and sets it");
    }
    Path home = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isRegularFile(home.resolve("bin/kc.sh")) || !Files.isRegularFile(home.resolve("version.txt"))) {
      throw new IOException("no Keycloak distribution at " + home + " (" + HOME_PROPERTY
          + "); the e2e build unpacks it in generate-test-resources");
    }
    return home;
  }

  /** The version in the distribution's {@code version.txt} ("Keycloak - Version 26.7.3"). */
  private static String versionOf(Path home) throws IOException {
    String text = Files.readString(home.resolve("version.txt")).strip();
    return text.substring(text.lastIndexOf(' ') + 1);
  }

  private static String issuerOf(String baseUrl) { return baseUrl + "/realms/" + PortcullisRealm.NAME; }

  private static String discoveryUrlOf(String issuer) { return issuer + "/.well-known/openid-configuration"; }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The Keycloak version running, as its distribution names it. */
  public String version() { return version; }

  /** How long the start took, from launching the process until the realm's discovery document was served. */
  public Duration startupTime() { return startupTime; }

  /** The server's base URL, {@code http://127.0.0.1:<port>}. */
  public String baseUrl() { return baseUrl; }

  /** The issuer of the {@code portcullis} realm, as it appears in the {@code iss} claim of its tokens. */
  public String issuer() { return issuerOf(baseUrl); }

  /** The realm's OpenID Connect discovery document. */
  public String discoveryUrl() { return discoveryUrlOf(issuer()); }

  /** The realm's JSON Web Key Set: the public keys its tokens are signed with. */
  public String jwksUrl() { return issuer() + "/protocol/openid-connect/certs"; }

  /** The realm's token endpoint. */
  public String tokenEndpoint() { return issuer() + "/protocol/openid-connect/token"; }

  /**
   * An access token for {@code user}, obtained by {@code client} with the resource owner password grant.
   *
   * @throws TokenRequestException if Keycloak refuses (for instance, a wrong password: {@code invalid_grant})
   */
  public String userToken(String client, String user, String password) {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", "password");
    form.put("client_id", client);
    form.put("username", user);
    form.put("password", password);
    return requestToken(form, null, "password grant for user '" + user + "' at client '" + client + "'");
  }

  /**
   * An access token for the service account of a confidential client, obtained with the client credentials
   * grant; the client authenticates with HTTP Basic ({@code client_secret_basic}).
   *
   * @throws TokenRequestException if Keycloak refuses (for instance, a wrong secret: {@code unauthorized_client})
   */
  public String clientCredentialsToken(String clientId, String clientSecret) {
    String basic = Base64.getEncoder().encodeToString(
        (formEncode(clientId) + ":" + formEncode(clientSecret)).getBytes(StandardCharsets.UTF_8));
    return requestToken(Map.of("grant_type", "client_credentials"), "Basic " + basic,
        "client credentials grant for client '" + clientId + "'");
  }

  /** Posts a token request; the description names the grant in errors and never holds a credential. */
  private String requestToken(Map<String, String> form, String authorization, String description) {
    String body = form.entrySet().stream().map(e -> formEncode(e.getKey()) + "=" + formEncode(e.getValue()))
        .collect(Collectors.joining("&"));
    var request = HttpRequest.newBuilder(URI.create(tokenEndpoint())).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) request.header("Authorization", authorization);
    HttpResponse<String> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("Keycloak's token endpoint did not answer the " + description, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the " + description, e);
    }
    JsonNode answer = parse(response.body());
    String token = answer.path("access_token").asText("");
    if (response.statusCode() == 200 && !token.isEmpty()) return token;
    throw new TokenRequestException(description, response.statusCode(),
        answer.path("error").asText("(no error code)"), answer.path("error_description").asText(""));
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      return JSON.createObjectNode();
    }
  }

  private static String formEncode(String value) { return URLEncoder.encode(value, StandardCharsets.UTF_8); }
}
